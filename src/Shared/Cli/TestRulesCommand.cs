using System.CommandLine;

namespace Aggregator.Shared.Cli;

/// <summary>`rules`: Run promtool-format rule unit tests.</summary>
internal static class TestRulesCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("rules", "Run promtool-format rule unit tests.");
        command.SetAction(_ =>
        {
            console.Error.WriteLine("'rules' is not available in this build yet.");
            return 2;
        });
        return command;
    }
}

using System.CommandLine;

namespace Aggregator.Shared.Cli;

/// <summary>`demo`: Start a whole demo tree on 127.0.0.1.</summary>
internal static class DemoCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("demo", "Start a whole demo tree on 127.0.0.1.");
        command.SetAction(_ =>
        {
            console.Error.WriteLine("'demo' is not available in this build yet.");
            return 2;
        });
        return command;
    }
}

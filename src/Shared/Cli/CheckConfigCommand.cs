using System.CommandLine;

namespace Aggregator.Shared.Cli;

/// <summary>`config`: Validate a topology file and print every problem, or a summary of the tree.</summary>
internal static class CheckConfigCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("config", "Validate a topology file and print every problem, or a summary of the tree.");
        command.SetAction(_ =>
        {
            console.Error.WriteLine("'config' is not available in this build yet.");
            return 2;
        });
        return command;
    }
}

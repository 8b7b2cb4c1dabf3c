using System.CommandLine;

namespace Aggregator.Shared.Cli;

/// <summary>`metrics`: Lint exposition text, OpenMetrics or protobuf.</summary>
internal static class CheckMetricsCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("metrics", "Lint exposition text, OpenMetrics or protobuf.");
        command.SetAction(_ =>
        {
            console.Error.WriteLine("'metrics' is not available in this build yet.");
            return 2;
        });
        return command;
    }
}

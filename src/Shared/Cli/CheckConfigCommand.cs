using System.CommandLine;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Cli;

/// <summary>`config`: Validate a topology file and print every problem, or a summary of the tree.</summary>
internal static class CheckConfigCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("config", "Validate a topology file and print every problem, or a summary of the tree.");
        var file = new Argument<FileInfo>("FILE") { Description = "The topology.hocon to check." };
        command.Arguments.Add(file);
        command.SetAction(parse => Run(parse.GetValue(file)!.ToString(), console));
        return command;
    }

    /// <summary>Exit 0 with a summary when the file is valid; exit 1 with every problem otherwise; warnings either way, on stderr.</summary>
    public static int Run(string path, CliConsole console, Func<string, string?>? environment = null)
    {
        var result = TopologyLoader.Load(path, environment);
        foreach (var warning in result.Warnings)
        {
            console.Error.WriteLine("warning: " + warning);
        }
        if (result.IsValid)
        {
            console.Out.Write(TopologySummary.Render(result.Topology!));
            return 0;
        }
        foreach (var error in result.Errors)
        {
            console.Error.WriteLine(error);
        }
        console.Error.WriteLine($"{path}: {result.Errors.Count} problem(s)");
        return 1;
    }
}

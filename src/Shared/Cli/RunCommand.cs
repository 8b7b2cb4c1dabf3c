using System.CommandLine;

namespace Aggregator.Shared.Cli;

/// <summary>The root action: <c>--config FILE --node ID</c> runs this process's part of the tree.</summary>
internal static class RunCommand
{
    public static void Configure(RootCommand root, HostRole role, CliConsole console)
    {
        var configOption = new Option<FileInfo>("--config") { Description = "The topology.hocon that describes the whole tree." };
        var nodeOption = new Option<string>("--node") { Description = "This process's node id in the topology." };
        root.Options.Add(configOption);
        root.Options.Add(nodeOption);
        root.SetAction(parse =>
        {
            var config = parse.GetValue(configOption);
            var node = parse.GetValue(nodeOption);
            if (config is null || string.IsNullOrEmpty(node))
            {
                console.Error.WriteLine($"usage: {role} --config FILE --node ID  (or a subcommand; see --help)");
                return 2;
            }
            console.Error.WriteLine("running a node is not available in this build yet.");
            return 2;
        });
    }
}

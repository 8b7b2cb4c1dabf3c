using System.CommandLine;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Topology;
using Microsoft.Extensions.Hosting;

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
        root.SetAction((parse, cancellationToken) =>
        {
            var config = parse.GetValue(configOption);
            var node = parse.GetValue(nodeOption);
            if (config is null || string.IsNullOrEmpty(node))
            {
                console.Error.WriteLine($"usage: {role} --config FILE --node ID  (or a subcommand; see --help)");
                return Task.FromResult(2);
            }
            return RunAsync(config.ToString(), node, role, console, options: null, cancellationToken);
        });
    }

    /// <summary>Loads and validates the topology, picks the node, and runs its host until cancelled or SIGTERM.</summary>
    public static async Task<int> RunAsync(string configPath, string nodeId, HostRole role, CliConsole console, NodeHostOptions? options, CancellationToken cancellationToken)
    {
        var result = TopologyLoader.Load(configPath);
        if (!result.IsValid)
        {
            foreach (var error in result.Errors)
            {
                console.Error.WriteLine(error);
            }
            console.Error.WriteLine($"{configPath}: {result.Errors.Count} problem(s); not starting");
            return 1;
        }
        var topology = result.Topology!;
        var node = topology.FindNode(nodeId);
        if (node is null)
        {
            console.Error.WriteLine($"unknown node '{nodeId}'{DidYouMean.Hint(nodeId, topology.Nodes.Select(n => n.Id))}; known ids: {string.Join(", ", topology.Nodes.Select(n => n.Id))}");
            return 2;
        }
        var expected = role == HostRole.Node ? NodeRole.Node : NodeRole.Aggregator;
        if (node.Role != expected)
        {
            var executable = node.Role == NodeRole.Node ? "src/Node" : "src/Aggregator";
            console.Error.WriteLine($"node '{nodeId}' has role '{(node.Role == NodeRole.Node ? "node" : "aggregator")}'; run it with {executable}");
            return 2;
        }
        var app = NodeHostBuilder.Build(new NodeContext(topology, node), options);
        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                console.Error.WriteLine($"{nodeId}: cannot start on {options?.ListenOverride ?? node.Listen}: {e.Message}");
                return 1;
            }
            console.Out.WriteLine($"{nodeId} ({(node.Role == NodeRole.Node ? $"site {node.Site}" : $"ring {node.Ring}")}) listening on {string.Join(", ", app.Urls)}");
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
        console.Out.WriteLine($"{nodeId} stopped");
        return 0;
    }
}

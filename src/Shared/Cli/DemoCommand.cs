using System.CommandLine;
using Aggregator.Shared.Demo;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Cli;

/// <summary>
/// <c>demo</c>: starts a whole tree on 127.0.0.1 — three sites fed by built-in synthetic sources, their
/// Nodes, a ring of three Aggregators — from a topology it writes, prints the URLs to open, and runs
/// until Ctrl-C, which stops everything in order.
/// </summary>
internal static class DemoCommand
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);

    public static Command Create(CliConsole console)
    {
        var basePort = new Option<int>("--base-port")
        {
            Description = $"Sources listen at base+1.., Nodes at base+101.., Aggregators at base+201..; 0 picks free ports.",
            DefaultValueFactory = _ => DemoLayout.DefaultBasePort,
        };
        var directory = new Option<DirectoryInfo?>("--dir") { Description = "Where to write the topology, rule files and forward queues (default: a new temp directory)." };
        var logLevel = new Option<LogLevel>("--log-level") { Description = "Log level of the hosts.", DefaultValueFactory = _ => LogLevel.Warning };
        var command = new Command("demo", "Start a whole demo tree on 127.0.0.1 (no Prometheus needed) and print the URLs to open.");
        command.Options.Add(basePort);
        command.Options.Add(directory);
        command.Options.Add(logLevel);
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(basePort), parse.GetValue(directory)?.FullName, parse.GetValue(logLevel), console, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int basePort, string? directory, LogLevel logLevel, CliConsole console, CancellationToken cancellationToken)
    {
        if (basePort is < 0 or > 65535 - 300)
        {
            console.Error.WriteLine($"--base-port {basePort}: must be 0 (free ports) or between 1 and {65535 - 300}");
            return 2;
        }
        var layout = DemoLayout.Create(basePort);
        if (layout.FirstBusyPort() is { } busy)
        {
            console.Error.WriteLine($"port {busy} on 127.0.0.1 is already in use; pass --base-port 0 for free ports, or another base");
            return 1;
        }
        directory ??= Directory.CreateTempSubdirectory("aggregator-demo-").FullName;
        var topologyPath = DemoTopology.Write(directory, layout);
        console.Out.WriteLine($"demo tree: {topologyPath}");

        DemoTree tree;
        try
        {
            tree = await DemoTree.StartAsync(topologyPath, layout, Path.Combine(directory, "data"), logLevel, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            console.Error.WriteLine($"demo: cannot start: {e.Message}");
            return 1;
        }
        await using (tree.ConfigureAwait(false))
        {
            PrintUrls(console.Out, tree);
            try
            {
                var sites = tree.Sites.Select(n => n.Site).ToList();
                var ready = await DemoReadiness.WaitAsync(tree.Aggregators[0], tree.Topology.SiteLabel, sites, ReadyTimeout, TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
                console.Out.WriteLine(ready is null
                    ? $"not ready after {ReadyTimeout.TotalSeconds:0}s: the global view lacks a site; see each node's /api/v1/topology and /metrics"
                    : $"ready: the global view holds {ready.JobLevelSeries} job-level series from {string.Join(", ", ready.SitesSeen)} and {ready.GlobalSeries} global series");
                console.Out.WriteLine("Ctrl-C stops the tree.");
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                console.Out.WriteLine("stopping the demo tree ...");
            }
        }
        console.Out.WriteLine("demo tree stopped");
        return 0;
    }

    private static void PrintUrls(TextWriter output, DemoTree tree)
    {
        var global = tree.Aggregators[0].Url;
        var site = tree.Sites[0];
        output.WriteLine();
        output.WriteLine("Global view, merged over the ring (job-level series of every site, and the global rules):");
        output.WriteLine($"  {global}federate?match[]={DemoReadiness.JobLevelSelector}");
        output.WriteLine($"  curl -sG {global}federate --data-urlencode 'match[]={DemoReadiness.JobLevelSelector}'");
        output.WriteLine($"Drill down into site {site.Site} (streams that site's Node /federate):");
        output.WriteLine($"  {global}sites/{site.Site}/federate?match[]={{__name__=~\"http_.*\"}}");
        output.WriteLine($"Live status pages (ring members, sites and their freshness, sources, rule groups, queues): {global} and each node's /");
        output.WriteLine("Each node's self-metrics, and the tree as that node sees it:");
        foreach (var node in tree.Aggregators.Concat(tree.Sites))
        {
            output.WriteLine($"  {node.Id,-6} {node.Url}metrics   {node.Url}api/v1/topology");
        }
        output.WriteLine();
    }
}

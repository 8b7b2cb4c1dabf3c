using Aggregator.Shared.Hosting;
using Aggregator.Shared.Topology;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aggregator.Tests.Common;

/// <summary>
/// A small live tree for the status page's tests, all on 127.0.0.1: one ring member <c>agg-0</c>;
/// site <c>dc1</c> polling two fake Prometheus sources (<c>steady</c> and <c>doomed</c>, which a test may
/// kill); site <c>dc2</c> polling <c>other</c>, which a test may stop as a whole site. Every site runs a
/// job-level rule group each second, and the status figures are sampled fast.
/// </summary>
internal sealed class StatusTree : IAsyncDisposable
{
    private readonly Dictionary<string, WebApplication> _hosts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LoopbackHttpServer> _sources = new(StringComparer.Ordinal);

    private StatusTree(string directory, TopologyConfig topology)
    {
        Directory = directory;
        Topology = topology;
    }

    public string Directory { get; }

    public TopologyConfig Topology { get; }

    public Uri UrlOf(string node) => Topology.FindNode(node)!.Url;

    public static async Task<StatusTree> StartAsync()
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("status-tree-").FullName;
        TierHosts.WriteJobLevelRules(dir);
        var sources = new Dictionary<string, LoopbackHttpServer>(StringComparer.Ordinal);
        foreach (var name in new[] { "steady", "doomed", "other" })
        {
            sources[name] = await LoopbackHttpServer.StartAsync(ctx => FakePrometheusAsync(ctx, name));
        }
        string Source(string name) => $$"""{ name = {{name}}, urls = ["{{sources[name].Url}}"], interval = 1s, timeout = 1s }""";
        var topology = TierHosts.Load(dir, $$"""
            aggregator {
              rings { global { members = [agg-0] } }
              nodes {
                agg-0 { role = aggregator, ring = global, url = "http://127.0.0.1:{{FreeTcpPort.Next()}}" }
                dc1 { role = node, parent = global, url = "http://127.0.0.1:{{FreeTcpPort.Next()}}", rule-files = ["site.yml"],
                      sources = [{{Source("steady")}}, {{Source("doomed")}}] }
                dc2 { role = node, parent = global, url = "http://127.0.0.1:{{FreeTcpPort.Next()}}", rule-files = ["site.yml"],
                      sources = [{{Source("other")}}] }
              }
            }
            """);
        var tree = new StatusTree(dir, topology);
        foreach (var (name, server) in sources)
        {
            tree._sources[name] = server;
        }
        foreach (var id in new[] { "agg-0", "dc1", "dc2" })
        {
            tree._hosts[id] = await StartHostAsync(topology, id, Path.Combine(dir, "data"));
        }
        return tree;
    }

    /// <summary>Stops a whole site Node: the ring member stops hearing from it.</summary>
    public Task StopNodeAsync(string id) => StopAsync(_hosts, id);

    /// <summary>Stops a fake source: its Node finds it down at the next poll.</summary>
    public Task KillSourceAsync(string name) => StopAsync(_sources, name);

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _hosts.Keys.ToList())
        {
            await StopAsync(_hosts, id);
        }
        foreach (var name in _sources.Keys.ToList())
        {
            await StopAsync(_sources, name);
        }
    }

    private static async Task StopAsync<T>(Dictionary<string, T> items, string key) where T : IAsyncDisposable
    {
        if (items.Remove(key, out var item))
        {
            if (item is IHost host)
            {
                await host.StopAsync();
            }
            await item.DisposeAsync();
        }
    }

    private static async Task<WebApplication> StartHostAsync(TopologyConfig topology, string id, string dataDir)
    {
        var node = topology.FindNode(id)!;
        var app = NodeHostBuilder.Build(new NodeContext(topology, node), new NodeHostOptions
        {
            ListenOverride = node.Url,
            DataDirectory = dataDir,
            CompletenessInterval = TimeSpan.FromMilliseconds(200),
            StatusSampleInterval = TimeSpan.FromMilliseconds(500),
            Configure = builder => builder.Logging.ClearProviders(),
        });
        await app.StartAsync();
        return app;
    }

    private static Task FakePrometheusAsync(HttpContext context, string name)
    {
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return context.Response.WriteAsync($"http_requests_total{{instance=\"{name}:9100\",job=\"{name}\"}} 3 {now}\n");
    }
}

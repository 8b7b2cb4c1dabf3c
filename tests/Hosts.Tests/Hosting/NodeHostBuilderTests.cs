using System.Net;
using System.Text.Json;
using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Topology;
using Aggregator.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aggregator.Hosts.Tests.Hosting;

public class NodeHostBuilderTests
{
    private static TopologyConfig RepositoryTopology()
    {
        var result = TopologyLoader.Load(Path.Combine(RepoPaths.Root, "topology.hocon"), _ => null);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Topology!;
    }

    private static async Task<(WebApplication App, HttpClient Client)> StartAsync(NodeContext node, NodeHostOptions? options = null)
    {
        var listen = new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}");
        options = (options ?? new NodeHostOptions()) with
        {
            ListenOverride = listen,
            Configure = builder => builder.Logging.ClearProviders(),
        };
        var app = NodeHostBuilder.Build(node, options);
        await app.StartAsync();
        return (app, new HttpClient { BaseAddress = listen });
    }

    [Theory]
    [InlineData("agg-0")]
    [InlineData("dc1")]
    public async Task Build_HostFromRepositoryTopology_IsReadyAndServesValidMetrics(string id)
    {
        var topology = RepositoryTopology();
        var (app, client) = await StartAsync(new NodeContext(topology, topology.FindNode(id)!));
        await using (app)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/-/healthy")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/-/ready")).StatusCode);
            var metrics = await client.GetAsync("/metrics");
            Assert.Equal("text/plain; version=0.0.4; charset=utf-8", metrics.Content.Headers.ContentType!.ToString());
            var body = await metrics.Content.ReadAsStringAsync();
            Assert.Contains($"aggregator_build_info{{node=\"{id}\"", body);
            Assert.Contains("aggregator_http_requests_total{code=\"200\",handler=\"/-/ready\"} 1", body);
            var (exit, output) = await PrometheusTools.PromtoolAsync(["check", "metrics"], body);
            Assert.True(exit == 0, output);

            using var json = JsonDocument.Parse(await client.GetStringAsync("/api/v1/topology"));
            var data = json.RootElement.GetProperty("data");
            Assert.Equal(id, data.GetProperty("self").GetString());
            Assert.Equal(5, data.GetProperty("nodes").GetArrayLength());
            Assert.Equal(2, data.GetProperty("rings")[0].GetProperty("replicationFactor").GetInt32());

            var page = await client.GetStringAsync("/");
            Assert.Contains($"<h1>{id}</h1>", page);
            Assert.Contains("href=\"metrics\"", page);
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task Ready_WhileAComponentHoldsTheGate_Is503ThenOk()
    {
        var topology = RepositoryTopology();
        var component = new ProbeComponent();
        var (app, client) = await StartAsync(new NodeContext(topology, topology.FindNode("dc2")!), new NodeHostOptions { Components = [component] });
        await using (app)
        {
            var notReady = await client.GetAsync("/-/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Contains("warming up", await notReady.Content.ReadAsStringAsync());
            Assert.Equal("probe dc2", await client.GetStringAsync("/probe"));
            app.Services.GetRequiredService<ProbeService>().Hold!.Dispose();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/-/ready")).StatusCode);
            Assert.Contains("probe_started_total 1", await client.GetStringAsync("/metrics"));
            await app.StopAsync();
            Assert.True(app.Services.GetRequiredService<ProbeService>().Stopped);
        }
    }

    [Fact]
    public async Task ServerAuth_BearerTokenConfigured_ProtectsAllButProbes()
    {
        var dir = Directory.CreateTempSubdirectory("topology-auth-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "token"), "s3cret\n");
            var text = $$"""
                aggregator {
                  rings.global.members = [a]
                  nodes.a { role = aggregator, ring = global, url = "http://127.0.0.1:1" }
                  security.auth.bearer-token-file = token
                }
                """;
            var result = TopologyLoader.LoadText(text, Path.Combine(dir, "t.hocon"), dir, _ => null);
            Assert.True(result.IsValid, string.Join("\n", result.Errors));
            var (app, client) = await StartAsync(new NodeContext(result.Topology!, result.Topology!.FindNode("a")!));
            await using (app)
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/-/ready")).StatusCode);
                var denied = await client.GetAsync("/metrics");
                Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
                Assert.Equal("Bearer", denied.Headers.WwwAuthenticate.ToString());
                using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
                request.Headers.Authorization = new("Bearer", "s3cret");
                Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
                await app.StopAsync();
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A component as later subsystems write them: a hosted service that holds readiness, an endpoint, a metric.</summary>
    private sealed class ProbeComponent : INodeComponent
    {
        public bool AppliesTo(NodeContext node) => node.Role == NodeRole.Node;

        public void ConfigureServices(IServiceCollection services, NodeContext node)
        {
            services.AddSingleton<ProbeService>();
            services.AddHostedService(provider => provider.GetRequiredService<ProbeService>());
        }

        public void MapEndpoints(IEndpointRouteBuilder endpoints, NodeContext node) =>
            endpoints.MapGet("/probe", () => Results.Text($"probe {node.Node.Id}"));
    }

    private sealed class ProbeService(ReadinessGate gate, MetricsRegistry metrics) : IHostedService
    {
        public IDisposable? Hold { get; private set; }

        public bool Stopped { get; private set; }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Hold = gate.Hold("probe warming up");
            metrics.Counter("probe_started_total", "Times the probe started.").Inc();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Stopped = true;
            return Task.CompletedTask;
        }
    }
}

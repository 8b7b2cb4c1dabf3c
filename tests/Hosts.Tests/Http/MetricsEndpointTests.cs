using System.Net.Http.Headers;
using Aggregator.Shared.Exposition;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Topology;
using Aggregator.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Aggregator.Hosts.Tests.Http;

/// <summary>/metrics of both roles: the project's own families beside the standard process, runtime, ASP.NET Core, Kestrel and HttpClient ones.</summary>
public class MetricsEndpointTests
{
    private static readonly string[] StandardFamilies =
    [
        "process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds", "process_max_fds", "process_start_time_seconds",
        "dotnet_collection_count_total", "system_runtime_dotnet_gc_collections", "system_runtime_dotnet_thread_pool_thread_count_current",
        "microsoft_aspnetcore_hosting_http_server_request_duration", "microsoft_aspnetcore_server_kestrel_kestrel_active_connections",
    ];

    private static TopologyConfig RepositoryTopology()
    {
        var result = TopologyLoader.Load(Path.Combine(RepoPaths.Root, "topology.hocon"), _ => null);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Topology!;
    }

    private static async Task<(WebApplication App, HttpClient Client)> StartAsync(TopologyConfig topology, string id)
    {
        var listen = new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}");
        var app = NodeHostBuilder.Build(new NodeContext(topology, topology.FindNode(id)!), new NodeHostOptions
        {
            ListenOverride = listen,
            DataDirectory = Directory.CreateTempSubdirectory("metrics-endpoint-").FullName,
            Configure = builder => builder.Logging.ClearProviders(),
        });
        await app.StartAsync();
        return (app, new HttpClient { BaseAddress = listen });
    }

    [Theory]
    [InlineData("agg-0")]
    [InlineData("dc1")]
    public async Task Get_EitherRole_ServesOwnAndStandardFamiliesOnceEachAndPromtoolFindsNoProblem(string id)
    {
        var (app, client) = await StartAsync(RepositoryTopology(), id);
        await using (app)
        {
            // Note: a ring member turns ready once its cluster is Up and it holds the view, a moment after start.
            Assert.Equal(System.Net.HttpStatusCode.OK, await TierHosts.WaitReadyAsync(client, client.BaseAddress!));
            var body = await client.GetStringAsync("/metrics");

            var types = body.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
            Assert.Equal(types.Count, types.Distinct(StringComparer.Ordinal).Count());
            var helps = body.Split('\n').Where(l => l.StartsWith("# HELP ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
            Assert.Equal(helps.Count, helps.Distinct(StringComparer.Ordinal).Count());
            Assert.Contains("aggregator_build_info", types);
            Assert.Contains("aggregator_http_requests_total", types);
            Assert.All(StandardFamilies, family => Assert.Contains(family, types));
            Assert.Matches(@"\nprocess_resident_memory_bytes [1-9]", body);
            Assert.Matches(@"\nprocess_open_fds [1-9]", body);
            var (exit, output) = await PrometheusTools.PromtoolAsync(["check", "metrics"], body);
            Assert.True(exit == 0, output);
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task Get_ProtobufNegotiated_CarriesTheStandardFamiliesToo()
    {
        var (app, client) = await StartAsync(RepositoryTopology(), "agg-0");
        await using (app)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited"));
            using var response = await client.SendAsync(request);
            Assert.StartsWith("application/vnd.google.protobuf", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
            var sink = new FamilyNames();
            var result = ExpositionReader.Read(await response.Content.ReadAsByteArrayAsync(), ExpositionFormat.ProtobufDelimited, sink);
            Assert.True(result.Succeeded, string.Join("\n", result.Errors));
            Assert.Contains("aggregator_build_info", sink.Names);
            Assert.Contains("process_cpu_seconds_total", sink.Names);
            Assert.Contains("microsoft_aspnetcore_server_kestrel_kestrel_active_connections", sink.Names);
            Assert.Contains("system_runtime_dotnet_thread_pool_thread_count_current", sink.Names);
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task Get_TwoHostsInOneProcess_CountOnlyTheirOwnRequests()
    {
        var topology = RepositoryTopology();
        var (busyApp, busy) = await StartAsync(topology, "agg-0");
        var (idleApp, idle) = await StartAsync(topology, "agg-1");
        await using (busyApp)
        await using (idleApp)
        {
            for (int i = 0; i < 7; i++)
            {
                await busy.GetStringAsync("/api/v1/topology");
            }
            const string Series = "microsoft_aspnetcore_hosting_http_server_request_duration_count{";
            static bool IsTopologyCount(string line) =>
                line.StartsWith(Series, StringComparison.Ordinal) && line.Contains("http_route=\"/api/v1/topology\"", StringComparison.Ordinal);
            // Note: a request's duration is recorded as its response completes, just after the client has it.
            string busyLine = "";
            Assert.True(await PrometheusServer.EventuallyAsync(async () =>
            {
                busyLine = (await busy.GetStringAsync("/metrics")).Split('\n').FirstOrDefault(IsTopologyCount) ?? "";
                return busyLine.EndsWith(" 7", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(10)), busyLine);

            Assert.DoesNotContain((await idle.GetStringAsync("/metrics")).Split('\n'), IsTopologyCount);
            await idleApp.StopAsync();
            await busyApp.StopAsync();
        }
    }

    private sealed class FamilyNames : IExpositionSink
    {
        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        public void OnSample(in ExposedSample sample) => Names.Add(sample.Family.Name);
    }
}

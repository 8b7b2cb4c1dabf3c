using System.Net;
using System.Net.Http.Headers;
using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Tests.Common;

namespace Aggregator.Hosts.Tests.Hardening;

/// <summary>
/// Hostile requests against a real ring member built from topology.hocon: each gets the 4xx that names its
/// limit or rule, is counted on /metrics with its reason, and the process keeps serving.
/// </summary>
public sealed class HostileRequestsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hostile-").FullName;

    private Aggregator.Shared.Topology.TopologyConfig? _topology;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(Microsoft.AspNetCore.Builder.WebApplication App, Uri Url)> StartAggregatorAsync(string extra)
    {
        File.WriteAllText(Path.Combine(_dir, "tree.token"), "tree-secret\n");
        File.WriteAllText(Path.Combine(_dir, "ring.token"), "ring-secret\n");
        File.WriteAllText(Path.Combine(_dir, "dc1.token"), " dc1-secret \n");
        File.WriteAllText(Path.Combine(_dir, "dc2.token"), "dc2-secret");
        int port = FreeTcpPort.Next(), sitePort = FreeTcpPort.Next();
        var topology = TierHosts.Load(_dir, $$"""
            aggregator {
              {{extra}}
              security.auth.bearer-token-file = tree.token
              rings { global { members = [agg-0], credentials.bearer-token-file = ring.token } }
              nodes {
                agg-0 { role = aggregator, ring = global, url = "http://127.0.0.1:{{port}}" }
                dc1 { role = node, parent = global, url = "http://127.0.0.1:{{sitePort}}", credentials.bearer-token-file = dc1.token,
                      sources = [{ name = prom, urls = ["http://scraper:hunter2@127.0.0.1:9090"] }] }
                dc2 { role = node, parent = global, url = "http://127.0.0.1:2", credentials.bearer-token-file = dc2.token }
              }
            }
            """);
        _topology = topology;
        var app = await TierHosts.StartAsync(topology, "agg-0", Path.Combine(_dir, "data"));
        return (app, topology.FindNode("agg-0")!.Url);
    }

    private static HttpClient Client(string token)
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task<(HttpStatusCode Status, string Body)> PushAsync(HttpClient http, Uri node, params WriteSeries[] series)
    {
        using var encoder = new RemoteWriteEncoder();
        var body = encoder.Encode(series);
        using var content = new ByteArrayContent(body.Compressed);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/x-protobuf");
        using var response = await http.PostAsync(new Uri(node, "api/v1/write"), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static WriteSeries Series(string site, string name = "up", string? value = null) =>
        new(LabelSet.Of("__name__", name, "job", value ?? "api", "site", site), [new Sample(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 1)]);

    [Fact]
    public async Task Write_SiteCredential_OwnSiteAcceptedOtherSite403CountedRingAndTreeMayWriteAny()
    {
        var (app, url) = await StartAggregatorAsync("");
        await using var _ = app;
        using var dc1 = Client("dc1-secret");
        using var ring = Client("ring-secret");
        using var tree = Client("tree-secret");
        using var stranger = Client("guess");

        Assert.Equal(HttpStatusCode.NoContent, (await PushAsync(dc1, url, Series("dc1"))).Status);
        var (status, body) = await PushAsync(dc1, url, Series("dc1", "a"), Series("dc2", "b"));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("the credential of site dc1 may not write this series: it belongs to site \"dc2\"", body);
        Assert.Contains("{__name__=\"b\", job=\"api\", site=\"dc2\"}", body);
        Assert.Equal(HttpStatusCode.NoContent, (await PushAsync(ring, url, Series("dc2"))).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await PushAsync(tree, url, Series("elsewhere"))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PushAsync(stranger, url, Series("dc1"))).Status);

        var metrics = await tree.GetStringAsync(new Uri(url, "metrics"));
        Assert.Contains("aggregator_remote_write_rejected_total{reason=\"foreign_site\"} 1", metrics);
        Assert.Contains("aggregator_remote_write_site_rejected_total{reason=\"foreign_site\",site=\"dc2\"} 1", metrics);
        Assert.Contains("aggregator_http_unauthorized_total 1", metrics);
    }

    [Fact]
    public async Task Write_OverTheLimitsOfTopology_4xxNamingEachLimitAndCountedByReason()
    {
        var (app, url) = await StartAggregatorAsync("""
            limits { label-value-length = 16, request-body-size = 2KiB }
            nodes.dc1.limits.series-per-site = 2
            """);
        await using var _ = app;
        using var tree = Client("tree-secret");

        var (longStatus, longBody) = await PushAsync(tree, url, Series("dc1", value: new string('v', 17)));
        Assert.Equal(HttpStatusCode.BadRequest, longStatus);
        Assert.Contains("limit label-value-length", longBody);

        using (var chunked = new HttpRequestMessage(HttpMethod.Post, new Uri(url, "api/v1/write")) { Content = new StreamContent(new MemoryStream(new byte[3000])) })
        {
            chunked.Headers.TransferEncodingChunked = true;
            using var response = await tree.SendAsync(chunked);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("limit request-body-size", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.NoContent, (await PushAsync(tree, url, Series("dc1", "a"), Series("dc1", "b"))).Status);
        var (siteStatus, siteBody) = await PushAsync(tree, url, Series("dc1", "c"));
        Assert.Equal(HttpStatusCode.TooManyRequests, siteStatus);
        Assert.Contains("limit series-per-site", siteBody);
        Assert.Equal(HttpStatusCode.NoContent, (await PushAsync(tree, url, Series("dc2", "c"))).Status);

        using (var federate = await tree.GetAsync(new Uri(url, "federate?" + string.Concat(Enumerable.Repeat("match[]=up&", 257)))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, federate.StatusCode);
            Assert.Contains("limit match-per-request", await federate.Content.ReadAsStringAsync());
        }
        using (var regex = await tree.GetAsync(new Uri(url, "federate?match[]=" + Uri.EscapeDataString("{job=~\"a{1001}\"}"))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, regex.StatusCode);
            Assert.Equal("1:2: parse error: error parsing regexp: invalid repeat count: `{1001}`\n", await regex.Content.ReadAsStringAsync());
        }

        var metrics = await tree.GetStringAsync(new Uri(url, "metrics"));
        Assert.Contains("aggregator_remote_write_rejected_total{reason=\"label_value_too_long\"} 1", metrics);
        Assert.Contains("aggregator_remote_write_rejected_total{reason=\"body_too_large\"} 1", metrics);
        Assert.Contains("aggregator_remote_write_rejected_total{reason=\"series_per_site\"} 1", metrics);
        Assert.Contains("aggregator_remote_write_site_rejected_total{reason=\"series_per_site\",site=\"dc1\"} 1", metrics);
        Assert.Contains("aggregator_federate_rejected_total{reason=\"too_many_matchers\"} 1", metrics);
        Assert.Contains("aggregator_federate_rejected_total{reason=\"bad_selector\"} 1", metrics);
        using var healthy = await tree.GetAsync(new Uri(url, "-/healthy"));
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }

    [Fact]
    public async Task Pages_SourceUrlWithPassword_RedactedOnTopologyStatusPageAndMetrics()
    {
        var (app, _) = await StartAggregatorAsync("");
        await using var aggregator = app;
        await using var site = await TierHosts.StartAsync(_topology!, "dc1", Path.Combine(_dir, "data"));
        var url = _topology!.FindNode("dc1")!.Url;
        using var tree = Client("tree-secret");
        // Note: the source at 127.0.0.1:9090 does not answer; its failed poll fills lastError and the replica label.
        await TierHosts.PollAsync(tree, new Uri(url, "metrics").ToString(), body => body.Contains("aggregator_source_active_replica", StringComparison.Ordinal));

        int shown = 0;
        foreach (var page in new[] { "api/v1/topology", "api/v1/status", "", "metrics" })
        {
            var text = await tree.GetStringAsync(new Uri(url, page));
            Assert.DoesNotContain("hunter2", text);
            shown += text.Contains("scraper:xxxxx@127.0.0.1:9090", StringComparison.Ordinal) ? 1 : 0;
        }
        Assert.True(shown > 0, "the source URL is shown somewhere, redacted");
    }
}

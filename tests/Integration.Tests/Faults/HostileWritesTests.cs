using System.Net;
using System.Net.Http.Headers;
using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;

namespace Aggregator.Integration.Tests.Faults;

/// <summary>
/// Hostile remote-writes against a real Aggregator process with small limits and per-site credentials:
/// each is a 4xx whose body names the limit or rule, counted under its reason exactly once per refused
/// request, nothing of it is stored, and the process (and the Node forwarding beside them) stays healthy.
/// </summary>
[Collection(FaultSuiteCollection.Name)]
public sealed class HostileWritesTests
{
    private const string Limits = """
        limits { label-value-length = 64, labels-per-series = 8, sample-max-age = 1h, request-body-size = 8KiB }
        security.auth.bearer-token-file = tree.token
        rings.global.credentials.bearer-token-file = ring.token
        """;

    [Fact]
    public async Task Write_EachHostileRequest_4xxNamingItsLimitCountedOnceNothingStored()
    {
        await using var tree = FaultTree.Create("hostile", new FaultTreeOptions { Tree = Limits, Node = "credentials.bearer-token-file = dc1.token" });
        File.WriteAllText(Path.Combine(tree.Dir, "tree.token"), "tree-secret\n");
        File.WriteAllText(Path.Combine(tree.Dir, "ring.token"), "ring-secret\n");
        File.WriteAllText(Path.Combine(tree.Dir, "dc1.token"), "dc1-secret\n");
        var aggregator = await tree.StartAggregatorAsync();
        var node = await tree.StartNodeAsync();
        using var operatorClient = Client("tree-secret");
        using var site = Client("dc1-secret");
        using var stranger = Client("guess");
        var before = await FaultScrape.MetricsAsync(operatorClient, tree.AggregatorUrl);
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var random = new Random(13);

        var cases = new (string Reason, HttpStatusCode Status, string Names, HttpClient Writer, byte[] Body)[]
        {
            ("label_value_too_long", HttpStatusCode.BadRequest, "limit label-value-length", operatorClient, Encode(Series("hostile_long", now, "job", new string('v', 65)))),
            ("too_many_labels", HttpStatusCode.BadRequest, "limit labels-per-series", operatorClient,
                Encode(Series("hostile_labels", now, [.. Enumerable.Range(0, 8).SelectMany(i => new[] { $"l{i}", "v" })]))),
            ("sample_too_new", HttpStatusCode.BadRequest, "limit sample-future-grace", operatorClient, Encode(Series("hostile_future", now + (long)TimeSpan.FromHours(1).TotalMilliseconds))),
            ("sample_too_old", HttpStatusCode.BadRequest, "limit sample-max-age", operatorClient, Encode(Series("hostile_old", now - (long)TimeSpan.FromHours(2).TotalMilliseconds))),
            ("body_too_large", HttpStatusCode.BadRequest, "limit request-body-size", operatorClient,
                Encode([.. Enumerable.Range(0, 300).Select(i => Series("hostile_big", now, "job", RandomText(random, 60)))])),
            ("invalid_protobuf", HttpStatusCode.BadRequest, "WriteRequest field 1 is truncated", operatorClient, IronSnappy.Snappy.Encode([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02])),
            ("invalid_snappy", HttpStatusCode.BadRequest, "body is not", operatorClient, [0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02, 0x03]),
            ("foreign_site", HttpStatusCode.Forbidden, "the credential of site dc1 may not write this series", site, Encode(Series("hostile_foreign", now, "job", "api", "site", "dc2"))),
        };
        foreach (var (reason, status, names, writer, body) in cases)
        {
            var (got, text) = await PostAsync(writer, tree.AggregatorUrl, body);
            tree.Log($"{reason}: {(int)got} {text.Trim()[..Math.Min(160, text.Trim().Length)]}");
            Assert.True(got == status, $"{reason}: expected {(int)status}, got {(int)got}: {text}");
            Assert.Contains(names, text, StringComparison.Ordinal);
        }
        var (unknown, _) = await PostAsync(stranger, tree.AggregatorUrl, Encode(Series("hostile_stranger", now)));
        Assert.Equal(HttpStatusCode.Unauthorized, unknown);
        var (good, goodText) = await PostAsync(operatorClient, tree.AggregatorUrl, Encode(Series("good_value", now, "job", "api", "site", "dc1")));
        Assert.True(good == HttpStatusCode.NoContent, goodText);

        var after = await FaultScrape.MetricsAsync(operatorClient, tree.AggregatorUrl);
        foreach (var (reason, _, _, _, _) in cases)
        {
            double counted = after.Value("aggregator_remote_write_rejected_total", ("reason", reason)) - before.Value("aggregator_remote_write_rejected_total", ("reason", reason));
            Assert.True(counted == 1, $"{reason} counted {counted} times for one refused request");
        }
        double allRefused = after.Value("aggregator_remote_write_rejected_total") - before.Value("aggregator_remote_write_rejected_total");
        Assert.Equal(cases.Length, allRefused);
        Assert.Equal(1, after.Value("aggregator_remote_write_site_rejected_total", ("reason", "foreign_site"), ("site", "dc2")));
        Assert.Equal(1, after.Value("aggregator_http_unauthorized_total") - before.Value("aggregator_http_unauthorized_total"));

        var stored = await FaultScrape.FederateAsync(operatorClient, tree.AggregatorUrl, "{__name__=~\"hostile_.*|good_value\"}");
        Assert.Equal(new[] { "good_value" }, stored.Samples.Select(s => s.Series.MetricName).ToArray());
        // Note: the Node, writing with its own credential all along, still gets its samples through.
        var ledger = await FaultLedger.WaitAsync(operatorClient, tree.AggregatorUrl, 1, l => l.Count > 0 && l.Missing == 0, TimeSpan.FromSeconds(30));
        Assert.True(ledger is { Count: > 0, Missing: 0 }, $"the Node's samples did not arrive whole: {ledger}");
        await tree.AssertHealthyAsync(operatorClient, (aggregator, tree.AggregatorUrl), (node, tree.NodeUrl));
    }

    private static HttpClient Client(string token)
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static WriteSeries Series(string name, long timestampMs, params string[] labels) =>
        new(LabelSet.Of([.. new[] { "__name__", name }.Concat(labels.Length > 0 ? labels : ["job", "api"])]), [new Sample(timestampMs, 1)]);

    private static byte[] Encode(params WriteSeries[] series)
    {
        using var encoder = new RemoteWriteEncoder();
        return encoder.Encode(series).Compressed;
    }

    private static string RandomText(Random random, int length) =>
        string.Create(length, random, (span, r) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + r.Next(26));
            }
        });

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient http, Uri aggregator, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/x-protobuf");
        content.Headers.TryAddWithoutValidation("Content-Encoding", "snappy");
        using var response = await http.PostAsync(new Uri(aggregator, "api/v1/write"), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}

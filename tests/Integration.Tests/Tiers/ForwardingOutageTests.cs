using System.Globalization;
using System.Text.RegularExpressions;
using Aggregator.Shared.Model;
using Aggregator.Tests.Common;

namespace Aggregator.Integration.Tests.Tiers;

/// <summary>
/// A Node cut off from its ring for two minutes (the member is stopped, connections refused), and the
/// Node itself restarted once meanwhile: after the ring returns, every sample the Node's rule group
/// produced arrives — counted against the samples the Node's rule group says it produced across both lives.
/// </summary>
public sealed class ForwardingOutageTests
{
    private static readonly TimeSpan Outage = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task NodeCutOffTwoMinutesAndRestarted_RingReturns_EveryAggregatedSampleArrives()
    {
        var dir = Directory.CreateTempSubdirectory("outage-").FullName;
        TierHosts.WriteJobLevelRules(dir);
        var receiver = await RemoteWriteReceiverHost.StartAsync();
        int memberPort = receiver.WriteUrl.Port;
        int nodePort = FreeTcpPort.Next();
        var topology = TierHosts.Load(dir, $$"""
            aggregator {
              rings { global { members = [agg-0] } }
              nodes {
                agg-0 { role = aggregator, ring = global, url = "http://127.0.0.1:{{memberPort}}", cluster-port = {{FreeTcpPort.Next()}} }
                dc1 { role = node, parent = global, url = "http://127.0.0.1:{{nodePort}}", rule-files = ["site.yml"] }
              }
            }
            """);
        var data = Path.Combine(dir, "data");
        using var http = new HttpClient();
        using var stopFeeding = new CancellationTokenSource();
        var nodeUrl = topology.FindNode("dc1")!.Url;
        // Note: a local Prometheus pushing its series every 500 ms, across the Node's restart.
        var feeder = FeedAsync(http, nodeUrl, stopFeeding.Token);

        var node = await TierHosts.StartAsync(topology, "dc1", data);
        await WaitForAsync(() => Timestamps(receiver).Count > 3, TimeSpan.FromSeconds(30), "the Node never forwarded");

        var beforeOutage = Timestamps(receiver);
        await receiver.DisposeAsync();
        var cutOffAt = DateTime.UtcNow;
        await Task.Delay(Outage / 2);
        double firstLife = await EvaluationsAsync(http, nodeUrl);
        await node.StopAsync();
        await node.DisposeAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        node = await TierHosts.StartAsync(topology, "dc1", data);
        await Task.Delay(Outage - (DateTime.UtcNow - cutOffAt));

        receiver = await RemoteWriteReceiverHost.StartAsync(port: memberPort);
        var after = receiver;
        int Count() => Timestamps(after).Union(beforeOutage).Count();
        await stopFeeding.CancelAsync();
        await feeder;
        // Note: let the group produce a little more, then stop the Node so the total is final.
        await Task.Delay(TimeSpan.FromSeconds(2));
        double secondLife = await EvaluationsAsync(http, nodeUrl);
        await node.StopAsync();
        await node.DisposeAsync();
        // Note: the restarted Node drains its queue; the stopped one left the rest on disk — start it once more to send that.
        node = await TierHosts.StartAsync(topology, "dc1", data);
        double expected = firstLife + secondLife;
        await WaitForAsync(() => Count() >= expected, TimeSpan.FromSeconds(90), $"only {Count()} of {expected} samples arrived");
        await Task.Delay(TimeSpan.FromSeconds(1));
        double thirdLife = await EvaluationsAsync(http, nodeUrl);
        await node.StopAsync();
        await node.DisposeAsync();

        int arrived = Count();
        // Note: each evaluation yields one sample of job:http_requests:sum; the third life may add a few of its own.
        Assert.InRange(arrived, expected, expected + thirdLife + 2);
        Assert.True(expected > Outage.TotalSeconds * 0.5, $"the rule group ran only {expected} times in {Outage}");
        await receiver.DisposeAsync();
    }

    /// <summary>Distinct timestamps of the rule's samples the member received (a re-sent batch counts once).</summary>
    private static HashSet<long> Timestamps(RemoteWriteReceiverHost receiver) =>
        [.. receiver.Batches.SelectMany(b => b.Series)
            .Where(s => s.Labels.MetricName == "job:http_requests:sum")
            .SelectMany(s => s.Samples)
            .Where(s => !StaleMarker.IsStale(s.Value))
            .Select(s => s.TimestampMs)];

    private static async Task<double> EvaluationsAsync(HttpClient http, Uri node)
    {
        var metrics = await http.GetStringAsync(new Uri(node, "metrics"));
        var match = Regex.Match(metrics, "^aggregator_rule_group_samples_total\\{rule_group=\"job-level\"\\} (\\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, metrics);
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static async Task FeedAsync(HttpClient http, Uri node, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            try
            {
                await TierHosts.PushAsync(http, node,
                    TierHosts.Series(now, 5, "__name__", "http_requests_total", "job", "api", "instance", "a"),
                    TierHosts.Series(now, 7, "__name__", "http_requests_total", "job", "api", "instance", "b"));
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
            {
                // Note: the Node is restarting.
            }
            try
            {
                await Task.Delay(500, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(200);
        }
    }
}

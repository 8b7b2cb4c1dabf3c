using System.Globalization;
using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Tests.Common;

namespace Aggregator.Integration.Tests.Faults;

/// <summary>
/// 50 readers at once on a real Aggregator's /federate while a writer keeps replacing a site's 1,000
/// series and the Node keeps forwarding: every answer is a 200 whose whole body our text reader parses
/// and which holds every series written, every write is accepted, and the process stays healthy. Every
/// sample is accounted for: the load rounds written and the Node's sequence (<see cref="FaultLedger"/>)
/// equal what the ring accepted and holds, with no drop counted for any reason.
/// The readers start once the view holds the first round (see the note there).
/// </summary>
[Collection(FaultSuiteCollection.Name)]
public sealed class ConcurrentReadersTests
{
    private const int Readers = 50;
    private const int ReadsEach = 3;
    private const int LoadSeries = 1000;

    [Fact]
    public async Task Federate_FiftyReadersWhileWritesContinue_EveryAnswerCompleteAndParseable()
    {
        await using var tree = FaultTree.Create("readers");
        var aggregator = await tree.StartAggregatorAsync();
        var node = await tree.StartNodeAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        Assert.NotNull(await FaultLedger.WaitAsync(http, tree.AggregatorUrl, 1, l => l.Count > 0, TimeSpan.FromSeconds(60)));

        using var stopWriting = new CancellationTokenSource();
        int writes = 0;
        await WriteLoadAsync(http, tree.AggregatorUrl, round: 0);
        // Note: the 204 means the site's entity accepted the write; the member's view applies it from the
        // entity's publication a moment later (the view is eventually consistent with the ring's acks), so
        // a read right after it may hold none of the load series yet. Every later round only replaces
        // samples of series the view already holds: from here on a missing series is a fault.
        Assert.True(await ViewHoldsLoadAsync(http, tree.AggregatorUrl), "the view never held the first round's series");
        var writer = Task.Run(async () =>
        {
            for (int round = 1; !stopWriting.IsCancellationRequested; round++)
            {
                await WriteLoadAsync(http, tree.AggregatorUrl, round);
                Interlocked.Increment(ref writes);
            }
        });

        var selector = "{__name__=~\"load_.*|fault:seq\"}";
        var reads = Enumerable.Range(0, Readers).Select(_ => Task.Run(async () =>
        {
            var held = new List<int>();
            for (int i = 0; i < ReadsEach; i++)
            {
                var page = await FaultScrape.FederateAsync(http, tree.AggregatorUrl, selector);
                held.Add(page.Samples.Count(s => s.Series.Get("__name__") == "load_value"));
                Assert.True(page.Has("fault:seq", ("site", "dc1")), "the Node's series is missing from an answer");
            }
            return held;
        })).ToList();
        var counts = (await Task.WhenAll(reads)).SelectMany(c => c).ToList();
        await stopWriting.CancelAsync();
        await writer;
        tree.Log($"{counts.Count} reads, {writes} write rounds of {LoadSeries} series meanwhile");

        Assert.Equal(Readers * ReadsEach, counts.Count);
        Assert.All(counts, held => Assert.Equal(LoadSeries, held));
        Assert.True(writes > 0, "no write completed while the readers read");

        // The ledger, with the writers stopped: the Node's queue drained, then the Node frozen while the ring's record settles.
        var drained = await tree.WaitNodeDrainedAsync(http);
        await node.SuspendAsync();
        var ledger = await tree.StableLedgerAsync(http, life: 1);
        var ring = await FaultScrape.MetricsAsync(http, tree.AggregatorUrl);
        await node.ResumeAsync();
        var nodeAfter = await FaultScrape.MetricsAsync(http, tree.NodeUrl);
        double loadSent = (writes + 1.0) * LoadSeries;
        double accepted = ring.Value("aggregator_remote_write_accepted_samples_total");
        double retries = nodeAfter.Value("aggregator_forward_retries_total");
        tree.Log($"sent: {loadSent} load samples, {FaultTree.Produced(drained)}+ by the Node; ring held {ledger}; accepted {accepted} samples; " +
            $"Node losses {FaultTree.Losses(nodeAfter)}, {retries} retried sends; ring drops: {FaultTree.DropReasons(ring)}");

        // Sent = arrived + dropped: every sequence value from the first to the last the Node sent is in the ring's history,
        // every load round and Node sample was accepted (a retried send may have been accepted twice), and nothing was dropped.
        Assert.True(ledger is { Min: 1, Missing: 0 } && ledger.Max >= FaultTree.Produced(drained), $"{ledger}, {FaultTree.Produced(drained)} produced");
        Assert.InRange(accepted - loadSent - ledger.Count, 0, retries);
        Assert.True(FaultTree.RingDrops(ring) == (0, 0, 0, 0), $"the ring dropped: {FaultTree.DropReasons(ring)}");
        Assert.Equal((0.0, 0.0, 0.0, 0.0), FaultTree.Losses(nodeAfter));
        Assert.Equal(0, nodeAfter.Value("aggregator_forward_dropped_batches_total"));
        await tree.AssertHealthyAsync(http, (aggregator, tree.AggregatorUrl), (node, tree.NodeUrl));
    }

    /// <summary>Whether the Aggregator's /federate holds every load series, asked until it does or 60 s pass.</summary>
    private static async Task<bool> ViewHoldsLoadAsync(HttpClient http, Uri aggregator)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var page = await FaultScrape.FederateAsync(http, aggregator, "load_value");
            if (page.Samples.Count == LoadSeries)
            {
                return true;
            }
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Replaces every one of the load site's series with a sample of this round (204 expected).</summary>
    private static async Task WriteLoadAsync(HttpClient http, Uri aggregator, int round)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var series = Enumerable.Range(0, LoadSeries)
            .Select(i => new WriteSeries(
                LabelSet.Of("__name__", "load_value", "instance", i.ToString(CultureInfo.InvariantCulture), "job", "load", "site", "load"),
                [new Sample(now, round)]))
            .ToArray();
        await TierHosts.PushAsync(http, aggregator, series);
    }
}

using Aggregator.Tests.Common;

namespace Aggregator.Integration.Tests.Faults;

/// <summary>
/// A Node SIGKILLed while a send is in flight (the ring is frozen, so the request hangs and batches pile up
/// in the durable queue), then started again on the same data directory: every batch that was on disk
/// reaches the ring (a re-sent one is a harmless duplicate: same timestamp, kept once), or — when a record
/// of the queue was damaged meanwhile — every batch but the damaged one, which is counted as lost.
/// </summary>
[Collection(FaultSuiteCollection.Name)]
public sealed class NodeKilledTests
{
    [Fact]
    public async Task Node_KilledMidSendAndRestarted_EveryQueuedSampleArrivesDuplicatesKeptOnce()
    {
        await using var tree = FaultTree.Create("killed");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var (aggregator, pending) = await KillNodeMidSendAsync(tree, http);

        var node = await RestartNodeAsync(tree, aggregator);
        var nodeMetrics = await tree.WaitNodeDrainedAsync(http);
        var life1 = await FaultLedger.WaitAsync(http, tree.AggregatorUrl, 1, l => l.Max >= pending[^1] && l.Missing == 0, TimeSpan.FromSeconds(30));
        var life2 = await FaultLedger.WaitAsync(http, tree.AggregatorUrl, 2, l => l.Max >= FaultTree.Produced(nodeMetrics) && l.Missing == 0, TimeSpan.FromSeconds(30));
        var ring = await FaultScrape.MetricsAsync(http, tree.AggregatorUrl);
        double accepted = ring.Value("aggregator_remote_write_accepted_samples_total");
        tree.Log($"held: {life1}; {life2}; accepted samples {accepted} (re-sent duplicates ≈ {accepted - life1!.Count - life2!.Count})");

        // Life 1: every value from the first to the last batch on disk arrived, none twice.
        Assert.Equal((1.0, 0.0, pending[^1]), (life1.Min, life1.Missing, life1.Max));
        // Life 2: everything the restarted Node produced up to the drain arrived.
        Assert.True(life2.Min == 1 && life2.Missing == 0 && life2.Max >= FaultTree.Produced(nodeMetrics), $"{life2} after {FaultTree.Produced(nodeMetrics)} produced");
        Assert.Equal((0.0, 0.0, 0.0, 0.0), FaultTree.Losses(nodeMetrics));
        Assert.True(accepted >= life1.Count + life2.Count, $"the ring holds more samples ({life1.Count + life2.Count}) than it accepted ({accepted})");
        await tree.AssertHealthyAsync(http, (aggregator, tree.AggregatorUrl), (node, tree.NodeUrl));
    }

    [Fact]
    public async Task Node_QueueRecordDamagedWhileDown_StartsSkipsAndCountsExactlyTheLostBatch()
    {
        await using var tree = FaultTree.Create("corrupt");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var (aggregator, pending) = await KillNodeMidSendAsync(tree, http);
        var (segment, records) = FaultQueue.NewestSegment(tree.NodeQueueDirectory);
        // Note: the second-newest record: never the head, which may already be on the ring (it was in flight).
        var victim = records[^2];
        var bytes = File.ReadAllBytes(segment);
        bytes[victim.PayloadAt + (victim.Length / 2)] ^= 0x5a;
        File.WriteAllBytes(segment, bytes);
        tree.Log($"damaged the record holding {string.Join(",", victim.Values)} of {records.Count} in {Path.GetFileName(segment)}");

        var node = await RestartNodeAsync(tree, aggregator);
        var nodeMetrics = await tree.WaitNodeDrainedAsync(http);
        var life1 = await FaultLedger.WaitAsync(http, tree.AggregatorUrl, 1, l => l.Max >= pending[^1] && l.Missing == victim.Values.Count, TimeSpan.FromSeconds(30));
        var life2 = await FaultLedger.WaitAsync(http, tree.AggregatorUrl, 2, l => l.Max >= FaultTree.Produced(nodeMetrics) && l.Missing == 0, TimeSpan.FromSeconds(30));
        var (overflow, corrupt, parked, refused) = FaultTree.Losses(nodeMetrics);
        tree.Log($"held: {life1}; {life2}; counted lost to damage: {corrupt}");

        Assert.Equal(victim.Values.Count, corrupt);
        // Sent = arrived + counted: values 1..last on disk, all there but the damaged one.
        Assert.Equal((1.0, pending[^1], corrupt), (life1!.Min, life1.Max, life1.Missing));
        Assert.True(life2!.Min == 1 && life2.Missing == 0, $"{life2}");
        Assert.Equal((0.0, 0.0, 0.0), (overflow, parked, refused));
        await tree.AssertHealthyAsync(http, (aggregator, tree.AggregatorUrl), (node, tree.NodeUrl));
    }

    /// <summary>
    /// Starts the tree, freezes the ring (SIGSTOP) so the Node's next send hangs while more batches queue
    /// behind it, SIGKILLs the Node, and returns the ring (still frozen) and the values left on disk.
    /// </summary>
    private static async Task<(OwnProcess Aggregator, IReadOnlyList<double> Pending)> KillNodeMidSendAsync(FaultTree tree, HttpClient http)
    {
        var aggregator = await tree.StartAggregatorAsync();
        var node = await tree.StartNodeAsync();
        Assert.NotNull(await FaultLedger.WaitAsync(http, tree.AggregatorUrl, 1, l => l.Count >= 3, TimeSpan.FromSeconds(60)));
        await aggregator.SuspendAsync();
        await tree.WaitNodeMetricsAsync(http, page => page.Value(FaultTree.QueueBatches, FaultTree.Ring) >= 5, TimeSpan.FromSeconds(60), "batches did not queue up behind the hung send");
        await node.KillAsync();
        var pending = FaultQueue.Pending(tree.NodeQueueDirectory);
        tree.Log($"Node killed mid-send with {pending.Count} batches on disk: {pending[0]}..{pending[^1]}");
        Assert.True(pending.Count >= 5, $"only {pending.Count} batches on disk");
        return (aggregator, pending);
    }

    /// <summary>Lets the ring run again and starts the Node's second life on the same data directory.</summary>
    private static async Task<OwnProcess> RestartNodeAsync(FaultTree tree, OwnProcess aggregator)
    {
        await aggregator.ResumeAsync();
        tree.WriteNodeRules(life: 2);
        return await tree.StartNodeAsync();
    }
}

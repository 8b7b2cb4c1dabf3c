namespace Aggregator.Integration.Tests.Faults;

/// <summary>
/// The parent ring down past the Node's queue bound (a tiny <c>forward-queue</c>): the oldest batches are
/// dropped while the Node stays healthy, exactly as many values are missing on the ring as the overflow
/// counter says, and forwarding resumes when the ring returns.
/// </summary>
[Collection(FaultSuiteCollection.Name)]
public sealed class QueueBoundTests
{
    [Fact]
    public async Task Ring_DownPastTheQueueBound_OldestDroppedAndExactlyThoseCounted()
    {
        // Note: a batch is about 70 bytes, so 1KiB segments hold about 14 and the queue about 28 (7 s at 4 batches a second).
        await using var tree = FaultTree.Create("bound", new FaultTreeOptions
        {
            Node = "forward-queue { max-bytes = 2KiB, segment-bytes = 1KiB }",
            NodeInterval = "250ms",
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var aggregator = await tree.StartAggregatorAsync();
        var node = await tree.StartNodeAsync();
        Assert.NotNull(await FaultLedger.WaitAsync(http, tree.AggregatorUrl, 1, l => l.Count >= 3, TimeSpan.FromSeconds(60)));

        var atKill = await tree.KillRingAsync(http, node, aggregator);
        var full = await tree.WaitNodeMetricsAsync(http, page => page.Value("aggregator_forward_queue_overflow_batches_total", FaultTree.Ring) >= 20,
            TimeSpan.FromSeconds(90), "the queue never overflowed");
        Assert.Equal(2048, full.Value("aggregator_forward_queue_max_bytes", FaultTree.Ring));
        Assert.InRange(full.Value("aggregator_forward_queue_bytes", FaultTree.Ring), 1, 2048);
        await tree.AssertHealthyAsync(http, (node, tree.NodeUrl));
        aggregator = await tree.StartAggregatorAsync();

        var drained = await tree.WaitNodeDrainedAsync(http);
        double produced = FaultTree.Produced(drained);
        var (overflow, corrupt, parked, refused) = FaultTree.Losses(drained);
        // Note: a rule group counts its evaluation before the forwarder takes the batch, so an empty queue can be read
        // while the last value is still on its way; wait for it (a value that never arrives times out and fails below).
        await FaultLedger.WaitAsync(http, tree.AggregatorUrl, 1, l => l.Max >= produced, TimeSpan.FromSeconds(30));
        // Note: the bound may also drop batches after the ring is back (until the Node's backoff ends), so holes can lie
        // anywhere; freeze the Node to read a final ledger.
        await node.SuspendAsync();
        var after = await tree.StableLedgerAsync(http, life: 1);
        await node.ResumeAsync();
        double lost = Math.Max(0, after.Min - atKill.Max - 1) + after.Missing;
        tree.Log($"produced {produced} in {drained.Value("aggregator_rule_group_evaluations_total", ("rule_group", "fault-seq"))} evaluations; the ring held 1..{atKill.Max} before, {after} after; lost {lost}, counted as overflow {overflow}");

        // Sent = arrived + dropped: the values that never reached either ring are exactly the overflow.
        Assert.True(after.Min <= atKill.Max + 1 + overflow, $"{after}");
        Assert.Equal(overflow, lost);
        Assert.True(after.Max >= produced, $"{after}, {produced} produced");
        Assert.Equal((0.0, 0.0, 0.0), (corrupt, parked, refused));
        await tree.AssertHealthyAsync(http, (aggregator, tree.AggregatorUrl), (node, tree.NodeUrl));
    }
}

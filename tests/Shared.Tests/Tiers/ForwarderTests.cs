using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Akka.Actor;
using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.DiskQueue;
using Aggregator.Shared.Exposition;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Shared.Ring;
using Aggregator.Shared.Tiers;
using Aggregator.Shared.Topology;
using Aggregator.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aggregator.Shared.Tests.Tiers;

public sealed class ForwarderTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly string _dir = Directory.CreateTempSubdirectory("forwarder-").FullName;
    private readonly MetricsRegistry _registry = new();

    private static WriteSeries[] Batch(int n, int size = 40) =>
        [.. Enumerable.Range(0, size).Select(i => new WriteSeries(
            LabelSet.Of("__name__", "job:x:sum", "job", "j" + i.ToString(CultureInfo.InvariantCulture), "batch", n.ToString(CultureInfo.InvariantCulture)),
            [new Sample(1000 + n, i)]))];

    /// <summary>A topology whose ring <c>global</c> lists <paramref name="members"/> (id, url), or is found by <paramref name="dns"/>.</summary>
    private static TopologyConfig Topology(IEnumerable<(string Id, Uri Url)> members, string? dns = null)
    {
        var list = members.ToList();
        var ring = dns is null ? $"rings.global.members = [{string.Join(", ", list.Select(m => m.Id))}]" : $"rings.global.dns = \"{dns}\"";
        // Note: members on one host need their own cluster ports (each ring is one Akka.Cluster).
        var nodes = string.Join("\n", list.Select((m, i) => $"nodes.{m.Id} {{ role = aggregator, ring = global, url = \"{m.Url}\", cluster-port = {4053 + i} }}"));
        var text = $$"""
            aggregator {
              {{ring}}
              {{nodes}}
              nodes.dc1 { role = node, parent = global, url = "http://127.0.0.1:1" }
            }
            """;
        var result = TopologyLoader.LoadText(text, "t.hocon", Path.GetTempPath(), _ => null);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Topology!;
    }

    private IActorRef Start(TopologyConfig topology, IDnsResolver? resolver = null, DiskQueueOptions? queue = null, string? site = "dc1",
        Func<ForwarderSettings, ForwarderSettings>? tune = null)
    {
        var settings = new ForwarderSettings
        {
            Parent = new ParentEndpoints(topology, topology.FindRing("global")!, resolver ?? SystemDnsResolver.Instance),
            Queue = queue ?? new DiskQueueOptions { Directory = _dir, Fsync = false },
            SiteLabel = "site",
            Site = site,
            AttemptTimeout = TimeSpan.FromSeconds(5),
            MinBackoff = TimeSpan.FromMilliseconds(10),
            MaxBackoff = TimeSpan.FromMilliseconds(100),
        };
        settings = tune?.Invoke(settings) ?? settings;
        return Sys.ActorOf(Forwarder.Props(settings, new TierMetrics(_registry), NullLogger.Instance, TimeProvider.System));
    }

    private async Task StopAsync(IActorRef forwarder)
    {
        Watch(forwarder);
        Sys.Stop(forwarder);
        await ExpectTerminatedAsync(forwarder);
    }

    private long Pending(string directory)
    {
        using var queue = DurableQueue.Open(new DiskQueueOptions { Directory = directory, Fsync = false });
        return queue.PendingCount;
    }

    private async Task<string> RenderAsync()
    {
        using var stream = new MemoryStream();
        await using (var writer = ExpositionWriter.Create(stream, ExpositionFormat.Text))
        {
            _registry.WriteTo(writer);
            await writer.CompleteAsync(CancellationToken.None);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task Forward_ParentDownPastQueueBound_DropsOldestAndCountsOverflow()
    {
        // Note: nothing listens on this port, so every send fails and batches pile up on disk.
        var topology = Topology([("a", new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}"))]);
        var queue = new DiskQueueOptions { Directory = _dir, MaxBytes = 8 * 1024, SegmentBytes = 2 * 1024, Fsync = false };
        var forwarder = Start(topology, queue: queue);

        for (int n = 0; n < 200; n++)
        {
            forwarder.Tell(new ForwardSamples(Batch(n)));
        }

        await AwaitAssertAsync(async () => Assert.Contains("aggregator_forward_queue_overflow_batches_total{ring=\"global\"}", await RenderAsync()), Patience);
        var text = await RenderAsync();
        var overflow = Regex.Match(text, "aggregator_forward_queue_overflow_batches_total\\{ring=\"global\"\\} (\\d+)");
        Assert.InRange(int.Parse(overflow.Groups[1].Value, CultureInfo.InvariantCulture), 1, 200);
        var bytes = Regex.Match(text, "aggregator_forward_queue_bytes\\{ring=\"global\"\\} (\\d+)");
        Assert.True(bytes.Success, text);
        Assert.InRange(long.Parse(bytes.Groups[1].Value, CultureInfo.InvariantCulture), 1, queue.MaxBytes);
    }

    [Fact]
    public async Task Forward_QueueWithDamagedRecord_CountsTheLostBatchAndSendsTheRest()
    {
        using (var queue = DurableQueue.Open(new DiskQueueOptions { Directory = _dir, Fsync = false }))
        {
            using var encoder = new RemoteWriteEncoder();
            for (int n = 0; n < 3; n++)
            {
                queue.Append(encoder.Encode(Batch(n, size: 2)).Compressed);
            }
        }
        var segment = Directory.GetFiles(_dir, "*.seg").Single();
        var bytes = File.ReadAllBytes(segment);
        int second = 12 + BitConverter.ToInt32(bytes, 4);
        bytes[second + 12 + 3] ^= 0x20; // a payload byte of the second batch
        File.WriteAllBytes(segment, bytes);
        await using var parent = await RemoteWriteReceiverHost.StartAsync();

        Start(Topology([("a", new Uri(parent.WriteUrl, "/"))]));

        await AwaitAssertAsync(() => Assert.Equal(2, parent.Batches.Count), Patience);
        Assert.Equal(["0", "2"], parent.Batches.Select(b => b.Series[0].Labels.Get("batch") ?? "").ToArray());
        Assert.Contains("aggregator_forward_queue_corrupt_batches_total{ring=\"global\"} 1", await RenderAsync());
    }

    [Fact]
    public async Task Forward_ParentRefusesABatchWith400_ParksItAfterItsRefusalsAndSendsTheNext()
    {
        await using var parent = await RemoteWriteReceiverHost.StartAsync();
        // Note: the first batch is refused at every try (three by default), the second is taken.
        parent.FailRequest = n => n < 3 ? 400 : null;
        var forwarder = Start(Topology([("a", new Uri(parent.WriteUrl, "/"))]));

        forwarder.Tell(new ForwardSamples(Batch(1)));
        forwarder.Tell(new ForwardSamples(Batch(2)));

        await AwaitAssertAsync(() => Assert.Single(parent.Batches), Patience);
        Assert.Equal("2", parent.Batches[0].Series[0].Labels.Get("batch"));
        await AwaitAssertAsync(async () => Assert.Contains("aggregator_forward_queue_batches{ring=\"global\"} 0", await RenderAsync()), Patience);
        var text = await RenderAsync();
        Assert.Contains("aggregator_forward_dropped_batches_total{member=\"a\"} 3", text);
        Assert.Contains("aggregator_forward_parked_batches_total{ring=\"global\"} 1", text);
        Assert.Contains("aggregator_forward_parked_queue_batches{ring=\"global\"} 1", text);
        Assert.Equal(4, parent.RequestCount);
        await StopAsync(forwarder);
        Assert.Equal(1, Pending(_dir + "-parked"));
    }

    [Fact]
    public async Task Forward_ParentAlwaysAnswers500ToABatch_ParksItAfterItsServerErrors()
    {
        await using var parent = await RemoteWriteReceiverHost.StartAsync();
        parent.FailRequest = n => n < 4 ? 500 : null;
        var forwarder = Start(Topology([("a", new Uri(parent.WriteUrl, "/"))]), tune: s => s with { MaxServerErrors = 4 });

        forwarder.Tell(new ForwardSamples(Batch(1)));
        forwarder.Tell(new ForwardSamples(Batch(2)));

        await AwaitAssertAsync(() => Assert.Single(parent.Batches), Patience);
        Assert.Equal("2", parent.Batches[0].Series[0].Labels.Get("batch"));
        await AwaitAssertAsync(async () => Assert.Contains("aggregator_forward_parked_batches_total{ring=\"global\"} 1", await RenderAsync()), Patience);
        Assert.Contains("aggregator_forward_retries_total{member=\"a\"} 4", await RenderAsync());
    }

    [Fact]
    public async Task Forward_DiskRefusesWrites_HoldsTheBatchesInOrderRefusesWritersThenQueuesAndSendsThemWithoutARestart()
    {
        await using var parent = await RemoteWriteReceiverHost.StartAsync();
        var disk = new FaultyDisk();
        var health = new ForwardQueueHealth();
        var forwarder = Start(Topology([("a", new Uri(parent.WriteUrl, "/"))]), tune: s => s with { OpenQueue = disk.Open, Health = health });

        disk.Full = true;
        forwarder.Tell(new ForwardSamples(Batch(1)));
        forwarder.Tell(new ForwardSamples(Batch(2)));
        await AwaitAssertAsync(async () => Assert.Contains("aggregator_forward_held_batches{ring=\"global\"} 2", await RenderAsync()), Patience);
        var refusing = health.TakesData;
        var refusal = Assert.Throws<RemoteWriteRefusedException>(health.ThrowIfRefusing);
        disk.Full = false;
        forwarder.Tell(new ForwardSamples(Batch(3)));

        await AwaitAssertAsync(() => Assert.Equal(3, parent.Batches.Count), Patience);
        Assert.False(refusing);
        Assert.Equal(503, refusal.StatusCode);
        Assert.Equal(ForwardQueueHealth.RetryAfter, refusal.RetryAfter);
        Assert.Contains("No space left on device", refusal.Message);
        Assert.Equal(["1", "2", "3"], parent.Batches.Select(b => b.Series[0].Labels.Get("batch")));
        Assert.True(health.TakesData);
        var metrics = await RenderAsync();
        Assert.Contains("aggregator_forward_held_batches{ring=\"global\"} 0", metrics);
        Assert.Matches("aggregator_forward_disk_write_failures_total\\{ring=\"global\"\\} [1-9]", metrics);
        Assert.DoesNotContain("aggregator_forward_refused_batches_total{", metrics);
        // Note: a restart would have opened the queue and the parked queue once more.
        Assert.Equal(2, disk.Opens);
    }

    [Fact]
    public async Task Forward_DiskFullPastTheMemoryBound_DropsTheOldestHeldCountedWithTheReasonAndSendsTheRest()
    {
        await using var parent = await RemoteWriteReceiverHost.StartAsync();
        var disk = new FaultyDisk();
        using var encoder = new RemoteWriteEncoder();
        long oneBatch = encoder.Encode(Batch(1)).Compressed.Length;
        var forwarder = Start(Topology([("a", new Uri(parent.WriteUrl, "/"))]),
            tune: s => s with { OpenQueue = disk.Open, MaxHeldBytes = (2 * oneBatch) + (oneBatch / 2) });

        disk.Full = true;
        for (int n = 1; n <= 5; n++)
        {
            forwarder.Tell(new ForwardSamples(Batch(n)));
        }
        await AwaitAssertAsync(async () => Assert.Contains("aggregator_forward_refused_batches_total{reason=\"memory_bound\",ring=\"global\"} 3", await RenderAsync()), Patience);
        disk.Full = false;
        forwarder.Tell(new ForwardSamples(Batch(6)));

        await AwaitAssertAsync(() => Assert.Equal(3, parent.Batches.Count), Patience);
        Assert.Equal(["4", "5", "6"], parent.Batches.Select(b => b.Series[0].Labels.Get("batch")));
        Assert.Contains("aggregator_forward_held_batches{ring=\"global\"} 0", await RenderAsync());
    }

    [Fact]
    public async Task Forward_QueueDirectoryCannotBeOpenedThenFixed_RetriesHoldsEveryBatchAndIsNotReadyMeanwhile()
    {
        await using var parent = await RemoteWriteReceiverHost.StartAsync();
        // Note: tests run as root, whom no permission stops: a file where the directory should be does.
        string directory = Path.Combine(_dir, "queue");
        await File.WriteAllTextAsync(directory, "not a directory");
        var gate = new ReadinessGate();
        gate.MarkStarted();
        var health = new ForwardQueueHealth();
        var forwarder = Start(Topology([("a", new Uri(parent.WriteUrl, "/"))]), queue: new DiskQueueOptions { Directory = directory, Fsync = false },
            tune: s => s with { HoldReadiness = gate.Hold, Health = health });

        forwarder.Tell(new ForwardSamples(Batch(1)));
        forwarder.Tell(new ForwardSamples(Batch(2)));
        await AwaitAssertAsync(async () => Assert.Matches("aggregator_forward_queue_open_failures_total\\{ring=\"global\"\\} ([2-9]|\\d\\d)", await RenderAsync()), Patience);
        var readyWhileBroken = gate.IsReady;
        var reasons = gate.Reasons;
        var takesDataWhileBroken = health.TakesData;
        forwarder.Tell(new ForwardSamples(Batch(3)));
        File.Delete(directory);
        forwarder.Tell(new ForwardSamples(Batch(4)));

        await AwaitAssertAsync(() => Assert.Equal(4, parent.Batches.Count), Patience);
        forwarder.Tell(new ForwardSamples(Batch(5)));
        await AwaitAssertAsync(() => Assert.Equal(5, parent.Batches.Count), Patience);
        Assert.False(readyWhileBroken);
        Assert.Contains(reasons, r => r.Contains("forward queue of ring global cannot be opened", StringComparison.Ordinal));
        Assert.False(takesDataWhileBroken);
        Assert.True(gate.IsReady);
        Assert.True(health.TakesData);
        Assert.Equal(["1", "2", "3", "4", "5"], parent.Batches.Select(b => b.Series[0].Labels.Get("batch")));
        var metrics = await RenderAsync();
        Assert.DoesNotContain("aggregator_forward_refused_batches_total{", metrics);
        Assert.Contains("aggregator_forward_held_batches{ring=\"global\"} 0", metrics);
    }

    [Fact]
    public async Task Forward_RestartedWhileASendIsInFlight_BatchKeptUntilAnsweredNotLostNotCountedAsFailed()
    {
        await using var parent = await RemoteWriteReceiverHost.StartAsync();
        // Note: the parent holds every request until released, so the first send is in flight when the forwarder restarts.
        using var release = new ManualResetEventSlim(false);
        parent.FailRequest = _ =>
        {
            release.Wait(Patience);
            return null;
        };
        var forwarder = Start(Topology([("a", new Uri(parent.WriteUrl, "/"))]), tune: s => s with { AttemptTimeout = TimeSpan.FromSeconds(60) });
        forwarder.Tell(new ForwardSamples(Batch(1)));
        await AwaitAssertAsync(() => Assert.Equal(1, parent.RequestCount), Patience);

        forwarder.Tell(new ForwardSamples(new ThrowingSeries()));
        // Note: the new run sends the queue's head again (request 2), the first one still unanswered.
        await AwaitAssertAsync(() => Assert.Equal(2, parent.RequestCount), Patience);
        var pendingWhileUnanswered = await RenderAsync();
        release.Set();
        forwarder.Tell(new ForwardSamples(Batch(2)));

        await AwaitAssertAsync(() => Assert.Contains("2", parent.Batches.Select(b => b.Series[0].Labels.Get("batch"))), Patience);
        await AwaitAssertAsync(async () => Assert.Contains("aggregator_forward_queue_batches{ring=\"global\"} 0", await RenderAsync()), Patience);
        Assert.Contains("aggregator_forward_queue_batches{ring=\"global\"} 1", pendingWhileUnanswered);
        // Note: the first request may have been stored before the restart cut it: at least once, in order.
        Assert.Equal(["1", "2"], parent.Batches.Select(b => b.Series[0].Labels.Get("batch")).Distinct());
        var metrics = await RenderAsync();
        Assert.DoesNotContain("aggregator_forward_dropped_batches_total{", metrics);
        Assert.DoesNotContain("aggregator_forward_retries_total{", metrics);
        Assert.DoesNotContain("aggregator_forward_refused_batches_total{", metrics);
        Assert.DoesNotContain("aggregator_forward_parked_batches_total{", metrics);
    }

    /// <summary>Series whose reading throws: the exception injected into the forwarder, which Akka answers with a restart.</summary>
    private sealed class ThrowingSeries : IReadOnlyList<WriteSeries>
    {
        public int Count => throw new InvalidOperationException("injected");

        public WriteSeries this[int index] => throw new InvalidOperationException("injected");

        public IEnumerator<WriteSeries> GetEnumerator() => throw new InvalidOperationException("injected");

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    [Fact]
    public async Task Forward_StoppedWhileTheDiskRefusesWrites_CountsTheHeldBatchesAsStopped()
    {
        var disk = new FaultyDisk { Full = true };
        var forwarder = Start(Topology([("a", new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}"))]), tune: s => s with { OpenQueue = disk.Open });
        forwarder.Tell(new ForwardSamples(Batch(1)));
        forwarder.Tell(new ForwardSamples(Batch(2)));
        await AwaitAssertAsync(async () => Assert.Contains("aggregator_forward_held_batches{ring=\"global\"} 2", await RenderAsync()), Patience);

        await StopAsync(forwarder);

        Assert.Contains("aggregator_forward_refused_batches_total{reason=\"stopped\",ring=\"global\"} 2", await RenderAsync());
    }

    [Fact]
    public async Task Forward_ShutdownWithAMailboxFullOfBatches_DrainsEveryOneIntoTheQueue()
    {
        // Note: a stuck disk holds the first append, so the other batches are certainly in the mailbox when the
        // shutdown starts; the disk moves again only once the shutdown is under way (its service-stop phase).
        // A slow disk then (20 ms a write: 2 s for all, within the drain's 5 s) leaves the system's termination,
        // which follows the service-stop phase within milliseconds, no time to write them by chance.
        using var gate = new ManualResetEventSlim(false);
        var disk = new FaultyDisk { Gate = gate, AppendDelay = TimeSpan.FromMilliseconds(20) };
        var forwarder = Start(Topology([("a", new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}"))]), tune: s => s with { OpenQueue = disk.Open });
        TierActors.DrainOnShutdown(Sys, forwarder);
        const int Batches = 100;
        for (int n = 0; n < Batches; n++)
        {
            forwarder.Tell(new ForwardSamples(Batch(n)));
        }
        await disk.AppendWaiting.Task.WaitAsync(Patience);
        var shutdown = CoordinatedShutdown.Get(Sys);
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, "disk-moves-again", () =>
        {
            gate.Set();
            return Task.FromResult(Akka.Done.Instance);
        });

        await shutdown.Run(CoordinatedShutdown.ClrExitReason.Instance);

        // Note: opening the queue again is what a restarted forwarder does; without the drain the system's
        // termination stops the forwarder after the batch in hand, and the mailbox is lost.
        Assert.Equal(Batches, Pending(_dir));
    }

    [Fact]
    public async Task Forward_MemberAnswers503_FailsOverToTheNextMemberAndLosesNothing()
    {
        await using var failing = await RemoteWriteReceiverHost.StartAsync();
        failing.FailRequest = _ => 503;
        await using var healthy = await RemoteWriteReceiverHost.StartAsync();
        var forwarder = Start(Topology([("a", new Uri(failing.WriteUrl, "/")), ("b", new Uri(healthy.WriteUrl, "/"))]));

        for (int n = 0; n < 3; n++)
        {
            forwarder.Tell(new ForwardSamples(Batch(n)));
        }

        await AwaitAssertAsync(() => Assert.Equal(3, healthy.Batches.Count), Patience);
        // Note: one failure moved the forwarder to b, where it stays while b answers.
        Assert.Equal(1, failing.RequestCount);
        Assert.Equal(["0", "1", "2"], healthy.Batches.Select(b => b.Series[0].Labels.Get("batch")));
        Assert.All(healthy.Batches.SelectMany(b => b.Series), s => Assert.Equal("dc1", s.Labels.Get("site")));
        await AwaitAssertAsync(async () => Assert.Contains("aggregator_forward_queue_batches{ring=\"global\"} 0", await RenderAsync()), Patience);
        Assert.Contains("aggregator_forward_retries_total{member=\"a\"} 1", await RenderAsync());
    }

    [Fact]
    public async Task Forward_DnsMemberComesBackOnANewAddress_TheNameIsResolvedAgainOnFailover()
    {
        int port = FreeTcpPort.Next();
        // Note: the member "restarted" on 127.0.0.2; the name still gave its old address (where nothing listens) at first.
        await using var restarted = await RemoteWriteReceiverHost.StartAsync(port: port, host: "127.0.0.2");
        var resolver = new SwitchingResolver([IPAddress.Parse("127.0.0.3")], [IPAddress.Parse("127.0.0.2")]);
        var forwarder = Start(Topology([], dns: $"aggregator.test:{port}"), resolver);

        forwarder.Tell(new ForwardSamples(Batch(1)));

        await AwaitAssertAsync(() => Assert.Single(restarted.Batches), Patience);
        Assert.True(resolver.Calls >= 2, $"resolved {resolver.Calls} times");
        Assert.All(resolver.Hosts, h => Assert.Equal("aggregator.test", h));
        Assert.Contains($"aggregator_forward_retries_total{{member=\"127.0.0.3:{port}\"}} 1", await RenderAsync());
    }

    [Fact]
    public async Task Forward_LargeBatch_GoesOutInRequestsOfAtMost2000SeriesEachWithTheSiteLabel()
    {
        await using var parent = await RemoteWriteReceiverHost.StartAsync();
        var forwarder = Start(Topology([("a", new Uri(parent.WriteUrl, "/"))]));

        forwarder.Tell(new ForwardSamples(Batch(1, size: 4500)));

        await AwaitAssertAsync(() => Assert.Equal(4500, parent.Batches.Sum(b => b.Series.Count)), Patience);
        Assert.Equal([2000, 2000, 500], parent.Batches.Select(b => b.Series.Count));
        Assert.All(parent.Batches.SelectMany(b => b.Series), s => Assert.Equal("dc1", s.Labels.Get("site")));
    }

    [Fact]
    public async Task Forward_RegionRing_ForwardsSeriesAsReceivedWithoutAddingASiteLabel()
    {
        await using var parent = await RemoteWriteReceiverHost.StartAsync();
        var forwarder = Start(Topology([("a", new Uri(parent.WriteUrl, "/"))]), site: null);

        forwarder.Tell(new ForwardSamples(Batch(1, size: 3)));

        await AwaitAssertAsync(() => Assert.Single(parent.Batches), Patience);
        Assert.All(parent.Batches[0].Series, s => Assert.Null(s.Labels.Get("site")));
    }

    [Fact]
    public async Task Forward_Restarted_SendsWhatThePreviousRunLeftInTheQueue()
    {
        var unreachable = Topology([("a", new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}"))]);
        var first = Start(unreachable);
        first.Tell(new ForwardSamples(Batch(1)));
        first.Tell(new ForwardSamples(Batch(2)));
        await AwaitAssertAsync(async () => Assert.Contains("aggregator_forward_queue_batches{ring=\"global\"} 2", await RenderAsync()), Patience);
        Watch(first);
        Sys.Stop(first);
        await ExpectTerminatedAsync(first);

        await using var parent = await RemoteWriteReceiverHost.StartAsync();
        Start(Topology([("a", new Uri(parent.WriteUrl, "/"))]));

        await AwaitAssertAsync(() => Assert.Equal(2, parent.Batches.Count), Patience);
        Assert.Equal(["1", "2"], parent.Batches.Select(b => b.Series[0].Labels.Get("batch")));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Directory.Delete(_dir, recursive: true);
            if (Directory.Exists(_dir + "-parked"))
            {
                Directory.Delete(_dir + "-parked", recursive: true);
            }
        }
    }

    /// <summary>Gives the first answer once, then the second for ever; records what it was asked.</summary>
    private sealed class SwitchingResolver(IReadOnlyList<IPAddress> first, IReadOnlyList<IPAddress> then) : IDnsResolver
    {
        private readonly List<string> _hosts = [];

        public int Calls
        {
            get
            {
                lock (_hosts)
                {
                    return _hosts.Count;
                }
            }
        }

        public IReadOnlyList<string> Hosts
        {
            get
            {
                lock (_hosts)
                {
                    return [.. _hosts];
                }
            }
        }

        public Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            lock (_hosts)
            {
                _hosts.Add(host);
                return Task.FromResult(_hosts.Count == 1 ? first : then);
            }
        }
    }
}

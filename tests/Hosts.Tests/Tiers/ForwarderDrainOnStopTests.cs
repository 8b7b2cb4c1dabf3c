using Akka.Actor;
using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.DiskQueue;
using Aggregator.Shared.Exposition;
using Aggregator.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Hosts.Tests.Tiers;

/// <summary>
/// A site Node stopped (as on SIGTERM) while its forwarder's mailbox holds rule results: the host stops
/// the rule groups and drains the forwarder into its durable queue before the ActorSystem terminates,
/// so the queue, opened again as after a restart, holds every result the rules produced.
/// </summary>
public sealed class ForwarderDrainOnStopTests : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("drain-on-stop-").FullName;

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task NodeStopped_ForwarderMailboxHoldsRuleResults_EveryResultIsInTheQueueAfterRestart()
    {
        int site = FreeTcpPort.Next();
        // Note: the parent never answers, so nothing leaves the queue.
        var topology = TierHosts.LoadOneSite(_dir, $"http://127.0.0.1:{FreeTcpPort.Next()}", site);
        // Note: a stuck disk holds the first result's append, so the next results wait in the mailbox; it moves
        // again only once the ActorSystem's shutdown has begun.
        using var gate = new ManualResetEventSlim(false);
        var disk = new FaultyDisk { Gate = gate };
        var data = Path.Combine(_dir, "data");
        var app = await TierHosts.StartAsync(topology, "dc1", data, openForwardQueue: disk.Open);
        using var http = new HttpClient();
        await TierHosts.PushAsync(http, new Uri($"http://127.0.0.1:{site}/"),
            TierHosts.Series(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 1, "__name__", "http_requests_total", "job", "api", "instance", "a"));
        var registry = app.Services.GetRequiredService<MetricsRegistry>();
        await disk.AppendWaiting.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // Note: the group evaluates every second; wait for two more results behind the stuck one.
        await UntilAsync(() => Results(registry) >= 3);
        CoordinatedShutdown.Get(app.Services.GetRequiredService<ActorSystem>()).AddTask(CoordinatedShutdown.PhaseServiceStop, "disk-moves-again", () =>
        {
            gate.Set();
            return Task.FromResult(Akka.Done.Instance);
        });

        await app.StopAsync();
        long produced = Results(registry);
        await app.DisposeAsync();

        using var queue = DurableQueue.Open(new DiskQueueOptions { Directory = Path.Combine(data, "dc1", "forward-global"), Fsync = false });
        Assert.True(produced >= 3, $"{produced} results");
        Assert.Equal(produced, queue.PendingCount);
    }

    /// <summary>Rule results produced so far (the group records one series per evaluation: one forwarded batch each).</summary>
    private static long Results(MetricsRegistry registry)
    {
        using var stream = new MemoryStream();
        var writer = ExpositionWriter.Create(stream, ExpositionFormat.Text);
        registry.WriteTo(writer);
        writer.CompleteAsync(default).AsTask().GetAwaiter().GetResult();
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        var line = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n')
            .FirstOrDefault(l => l.StartsWith("aggregator_rule_group_samples_total{", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task UntilAsync(Func<bool> done)
    {
        for (int i = 0; i < 300 && !done(); i++)
        {
            await Task.Delay(100);
        }
        Assert.True(done(), "not reached in 30 s");
    }
}

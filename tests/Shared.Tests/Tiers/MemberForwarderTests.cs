using System.Globalization;
using System.Text;
using Aggregator.Shared.Actors;
using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.DiskQueue;
using Aggregator.Shared.Exposition;
using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Shared.Tiers;
using Aggregator.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Shared.Tests.Tiers;

public class MemberForwarderTests
{
    private static WriteSeries[] Batch(int n) =>
        [.. Enumerable.Range(0, 40).Select(i => new WriteSeries(
            LabelSet.Of("__name__", "job:x:sum", "job", "j" + i.ToString(CultureInfo.InvariantCulture), "batch", n.ToString(CultureInfo.InvariantCulture)),
            [new Sample(1000 + n, i)]))];

    private static async Task<string> RenderAsync(MetricsRegistry registry)
    {
        using var stream = new MemoryStream();
        await using (var writer = ExpositionWriter.Create(stream, ExpositionFormat.Text))
        {
            registry.WriteTo(writer);
            await writer.CompleteAsync(CancellationToken.None);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task Forward_ParentDownPastQueueBound_DropsOldestAndCountsOverflow()
    {
        var dir = Directory.CreateTempSubdirectory("forwarder-").FullName;
        var registry = new MetricsRegistry();
        var metrics = new TierMetrics(registry);
        using var http = new HttpClient();
        // Note: nothing listens on this port, so every send fails and batches pile up on disk.
        var client = new RemoteWriteClient(http, new RemoteWriteClientOptions { Url = new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}/api/v1/write"), MaxAttempts = 1 });
        var queue = new DiskQueueOptions { Directory = dir, MaxBytes = 8 * 1024, SegmentBytes = 2 * 1024, Fsync = false };
        var system = ActorSystem.Create("forwarder-test");
        var forwarder = system.ActorOf(MemberForwarder.Props("agg-0", client, queue, metrics), "forward");

        for (int n = 0; n < 200; n++)
        {
            forwarder.Tell(new ForwardSamples(Batch(n)));
        }
        string text = string.Empty;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !text.Contains("aggregator_forward_queue_overflow_batches_total{member=\"agg-0\"}"))
        {
            await Task.Delay(100);
            text = await RenderAsync(registry);
        }
        await system.Terminate();

        var overflow = System.Text.RegularExpressions.Regex.Match(text, "aggregator_forward_queue_overflow_batches_total\\{member=\"agg-0\"\\} (\\d+)");
        Assert.True(overflow.Success, text);
        Assert.InRange(int.Parse(overflow.Groups[1].Value, CultureInfo.InvariantCulture), 1, 200);
        var bytes = System.Text.RegularExpressions.Regex.Match(text, "aggregator_forward_queue_bytes\\{member=\"agg-0\"\\} (\\d+)");
        Assert.True(bytes.Success, text);
        Assert.InRange(long.Parse(bytes.Groups[1].Value, CultureInfo.InvariantCulture), 1, queue.MaxBytes);
        Assert.Contains($"aggregator_forward_queue_max_bytes{{member=\"agg-0\"}} {queue.MaxBytes}\n", text);
    }

    [Fact]
    public async Task Forward_ParentAnswers400_DropsBatchAndCounts()
    {
        var dir = Directory.CreateTempSubdirectory("forwarder-").FullName;
        var registry = new MetricsRegistry();
        int requests = 0;
        await using var parent = await LoopbackHttpServer.StartAsync(ctx =>
        {
            Interlocked.Increment(ref requests);
            ctx.Response.StatusCode = StatusCodes.Status400BadRequest;
            return ctx.Response.WriteAsync("bad labels");
        });
        using var http = new HttpClient();
        var client = new RemoteWriteClient(http, new RemoteWriteClientOptions { Url = new Uri(parent.Url, "api/v1/write"), MaxAttempts = 1 });
        var system = ActorSystem.Create("forwarder-test");
        var forwarder = system.ActorOf(MemberForwarder.Props("agg-0", client, new DiskQueueOptions { Directory = dir, Fsync = false }, new TierMetrics(registry)), "forward");

        forwarder.Tell(new ForwardSamples(Batch(1)));
        forwarder.Tell(new ForwardSamples(Batch(2)));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !(await RenderAsync(registry)).Contains("aggregator_forward_dropped_batches_total{member=\"agg-0\"} 2"))
        {
            await Task.Delay(100);
        }
        await system.Terminate();

        var text = await RenderAsync(registry);
        Assert.Contains("aggregator_forward_dropped_batches_total{member=\"agg-0\"} 2", text);
        Assert.Contains("aggregator_forward_queue_batches{member=\"agg-0\"} 0", text);
        Assert.Equal(2, requests);
    }
}

using System.Net;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Tests.Common;

namespace Aggregator.Hosts.Tests.Tiers;

/// <summary>
/// A site Node whose forward queue's disk fills up (an injected queue that throws "No space left on
/// device"): its push ingestion answers 503 with Retry-After instead of 204 while the disk refuses
/// writes, counted by reason; once the disk takes writes again it answers 204 and the rule results
/// held in memory meanwhile reach the parent.
/// </summary>
public sealed class ForwardQueueBackpressureTests : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backpressure-").FullName;

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task NodePush_ForwardQueueDiskFull_503WithRetryAfterUntilTheDiskTakesWritesAgain()
    {
        await using var parent = await RemoteWriteReceiverHost.StartAsync();
        int site = FreeTcpPort.Next();
        var topology = TierHosts.LoadOneSite(_dir, new Uri(parent.WriteUrl, "/").ToString(), site);
        var disk = new FaultyDisk { Full = true };
        await using var dc1 = await TierHosts.StartAsync(topology, "dc1", Path.Combine(_dir, "data"), openForwardQueue: disk.Open);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{site}/") };

        // Note: the first push is taken; the rule group's result is what the full disk then refuses.
        var first = await PushAsync(http, 1);
        var refused = await UntilAsync(() => PushAsync(http, 2), r => r.StatusCode == HttpStatusCode.ServiceUnavailable);
        var metrics = await http.GetStringAsync("metrics");
        disk.Full = false;
        var accepted = await UntilAsync(() => PushAsync(http, 3), r => r.StatusCode == HttpStatusCode.NoContent);
        await UntilAsync(() => Task.FromResult(parent.Batches.Count), n => n > 0);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("forward queue cannot write to its disk (No space left on device)", refused.Body);
        Assert.Contains("aggregator_remote_write_unavailable_total{reason=\"forward_queue_disk\"}", metrics);
        Assert.Matches("aggregator_forward_held_batches\\{ring=\"global\"\\} [1-9]", metrics);
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        Assert.Contains(parent.Batches.SelectMany(b => b.Series), s => s.Labels.MetricName == "job:http_requests:sum" && s.Labels.Get("site") == "dc1");
    }

    private static async Task<Answer> PushAsync(HttpClient http, double value)
    {
        using var encoder = new RemoteWriteEncoder();
        var body = encoder.Encode([TierHosts.Series(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), value, "__name__", "http_requests_total", "job", "api", "instance", "a")]);
        using var content = new ByteArrayContent(body.Compressed);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/x-protobuf");
        content.Headers.TryAddWithoutValidation("Content-Encoding", "snappy");
        using var response = await http.PostAsync("api/v1/write", content);
        return new Answer(response.StatusCode, response.Headers, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Repeats <paramref name="act"/> (every 100 ms, 30 s at most) until <paramref name="done"/> holds.</summary>
    private static async Task<T> UntilAsync<T>(Func<Task<T>> act, Func<T, bool> done)
    {
        for (int i = 0; ; i++)
        {
            var result = await act();
            if (done(result) || i >= 300)
            {
                Assert.True(done(result), $"not reached: {result}");
                return result;
            }
            await Task.Delay(100);
        }
    }

    private sealed record Answer(HttpStatusCode StatusCode, System.Net.Http.Headers.HttpResponseHeaders Headers, string Body);
}

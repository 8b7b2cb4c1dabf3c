using Akka.Hosting;
using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Shared.Tiers;

namespace Aggregator.Shared.Tests.Tiers;

public sealed class RingReceiveTests
{
    [Fact]
    public async Task ReceiveAsync_ForwardQueueDiskRefusesWrites_503WithRetryAfterBeforeAnySiteIsWritten()
    {
        var health = new ForwardQueueHealth();
        health.Failed("No space left on device");
        // Note: no site entity is registered: a receive that got past the check would wait for one.
        var receive = new RingReceive(new ActorRegistry(), "site", new SiteActivity("site", TimeProvider.System), TimeSpan.FromSeconds(1), health);
        var batch = new WriteBatch([new WriteSeries(LabelSet.Of("__name__", "job:x:sum", "site", "dc1"), [new Sample(1, 1)])]);

        var refused = await Assert.ThrowsAsync<RemoteWriteRefusedException>(() => receive.ReceiveAsync(batch, CancellationToken.None).AsTask());

        Assert.Equal(503, refused.StatusCode);
        Assert.Equal("forward_queue_disk", refused.Reason);
        Assert.Equal(ForwardQueueHealth.RetryAfter, refused.RetryAfter);
        Assert.Contains("No space left on device", refused.Message);
    }
}

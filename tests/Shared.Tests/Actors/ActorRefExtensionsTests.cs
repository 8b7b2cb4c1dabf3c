using Aggregator.Shared.Actors;

namespace Aggregator.Shared.Tests.Actors;

public class ActorRefExtensionsTests : ActorTestBase
{
    [Fact]
    public async Task Ask_Reply_ReturnsTypedResult()
    {
        var actor = await SpawnAsync("a");
        actor.Tell("inc");
        Assert.Equal(1, await actor.Ask<int>("get", TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Ask_NoReplyWithinTimeout_FaultsOnVirtualTimeAndLateReplyIsDeadLetter()
    {
        System.SubscribeDeadLetters(Probe.Ref);
        var ask = Probe.Ref.Ask<string>("question", TimeSpan.FromSeconds(5));
        await Probe.ExpectMsgAsync("question");
        await Time.WaitForActiveTimersAsync(1);
        Time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        Assert.False(ask.IsCompleted);
        Time.Advance(TimeSpan.FromTicks(1));
        var ex = await Assert.ThrowsAsync<AskTimeoutException>(() => ask);
        Assert.Equal("Ask of String to /user/probe timed out after 00:00:05; a late reply goes to dead letters.", ex.Message);

        Probe.Reply("too late");
        var letter = await Probe.ExpectMsgAsync<DeadLetter>();
        Assert.Equal("too late", letter.Message);
        Assert.Equal(1, System.DeadLetterCount);
    }

    [Fact]
    public async Task Ask_FailureReply_FaultsWithTheCause()
    {
        var ask = Probe.Ref.Ask<string>("question", TimeSpan.FromSeconds(5));
        await Probe.ExpectMsgAsync("question");
        Probe.Reply(new Status.Failure(new InvalidOperationException("no answer")));
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => ask);
        Assert.Equal("no answer", ex.Message);
    }

    [Fact]
    public async Task Ask_ReplyOfOtherType_FaultsNamingBothTypes()
    {
        var ask = Probe.Ref.Ask<string>("question", TimeSpan.FromSeconds(5));
        await Probe.ExpectMsgAsync("question");
        Probe.Reply(42);
        var ex = await Assert.ThrowsAsync<InvalidCastException>(() => ask);
        Assert.Contains("expected a String reply but got Int32", ex.Message);
    }

    [Fact]
    public async Task Ask_Completed_TimerDisposed()
    {
        var actor = await SpawnAsync("a");
        await actor.Ask<int>("get", TimeSpan.FromSeconds(5));
        Assert.Equal(0, Time.ActiveTimerCount);
    }

    [Fact]
    public async Task Ask_Cancelled_FaultsAsCancelledAndDisposesTimer()
    {
        using var cts = new CancellationTokenSource();
        var ask = Probe.Ref.Ask<string>("question", TimeSpan.FromSeconds(5), cts.Token);
        await Probe.ExpectMsgAsync("question");
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask);
        Assert.Equal(0, Time.ActiveTimerCount);
    }

    [Fact]
    public async Task Forward_KeepsOriginalSender()
    {
        var target = await SpawnAsync("t");
        var forwarder = await SpawnAsync("f");
        forwarder.Tell(new TestActor.Run(ctx => target.Forward("get", ctx)), Probe.Ref);
        Assert.Equal(0, await Probe.ExpectMsgAsync<int>());
        Assert.Equal(target, Probe.LastSender);
    }
}

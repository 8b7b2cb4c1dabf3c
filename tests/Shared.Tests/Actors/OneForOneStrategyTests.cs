using Aggregator.Shared.Actors;

namespace Aggregator.Shared.Tests.Actors;

public class OneForOneStrategyTests : ActorTestBase
{
    [Fact]
    public async Task Restart_MoreThanMaxRetriesWithinWindow_StopsTheChild()
    {
        var strategy = new OneForOneStrategy(SupervisorStrategy.DefaultDecider, maxNrOfRetries: 2, withinTimeRange: TimeSpan.FromSeconds(10));
        var parent = await SpawnAsync("p", p => p.WithSupervisorStrategy(strategy));
        var child = await SpawnChildAsync(parent);
        Probe.Watch(child);

        for (int i = 1; i <= 2; i++)
        {
            child.Tell(new TestActor.Fail($"f{i}"));
            await ExpectRestartAsync($"f{i}");
            Time.Advance(TimeSpan.FromSeconds(4));
        }
        child.Tell(new TestActor.Fail("f3"));
        await Probe.ExpectMsgAllOfAsync("c:poststop", new Terminated(child));
    }

    [Fact]
    public async Task Restart_FailuresSpreadBeyondWindow_KeepsRestarting()
    {
        var strategy = new OneForOneStrategy(SupervisorStrategy.DefaultDecider, maxNrOfRetries: 2, withinTimeRange: TimeSpan.FromSeconds(10));
        var parent = await SpawnAsync("p", p => p.WithSupervisorStrategy(strategy));
        var child = await SpawnChildAsync(parent);

        for (int i = 1; i <= 5; i++)
        {
            child.Tell(new TestActor.Fail($"f{i}"));
            await ExpectRestartAsync($"f{i}");
            // Two failures per 11 s: each window of 10 s sees at most two restarts.
            if (i % 2 == 0)
            {
                Time.Advance(TimeSpan.FromSeconds(11));
            }
        }
    }

    [Fact]
    public async Task Restart_ZeroRetries_StopsOnFirstFailure()
    {
        var strategy = new OneForOneStrategy(SupervisorStrategy.DefaultDecider, maxNrOfRetries: 0);
        var parent = await SpawnAsync("p", p => p.WithSupervisorStrategy(strategy));
        var child = await SpawnChildAsync(parent);
        Probe.Watch(child);
        child.Tell(new TestActor.Fail("once"));
        await Probe.ExpectMsgAllOfAsync("c:poststop", new Terminated(child));
    }

    [Fact]
    public async Task Backoff_ConsecutiveFailures_DelaysDoubleUpToMaxOnVirtualTime()
    {
        var backoff = new BackoffOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), RandomFactor: 0);
        var strategy = new OneForOneStrategy(SupervisorStrategy.DefaultDecider, backoff: backoff);
        var parent = await SpawnAsync("p", p => p.WithSupervisorStrategy(strategy));
        var child = await SpawnChildAsync(parent);

        foreach (int seconds in new[] { 1, 2, 4, 4 })
        {
            child.Tell(new TestActor.Fail("down"));
            await Time.WaitForActiveTimersAsync(1);
            Assert.Equal(TimeSpan.FromSeconds(seconds), Time.NextDueIn);
            // Suspended while waiting: a message told now is handled only by the restarted instance.
            child.Tell("while-waiting");
            Time.Advance(TimeSpan.FromSeconds(seconds) - TimeSpan.FromTicks(1));
            Assert.Equal(1, Time.ActiveTimerCount);
            Time.Advance(TimeSpan.FromTicks(1));
            await Probe.ExpectMsgAsync("c:prerestart:down");
            await Probe.ExpectMsgAsync("c:poststop");
            await Probe.ExpectMsgAsync("c:prestart");
            await Probe.ExpectMsgAsync("while-waiting");
        }
    }

    [Fact]
    public async Task Backoff_ChildStableLongerThanReset_StartsAgainAtMin()
    {
        var backoff = new BackoffOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), RandomFactor: 0) { ResetAfter = TimeSpan.FromSeconds(10) };
        var strategy = new OneForOneStrategy(SupervisorStrategy.DefaultDecider, backoff: backoff);
        var parent = await SpawnAsync("p", p => p.WithSupervisorStrategy(strategy));
        var child = await SpawnChildAsync(parent);

        foreach (var (seconds, stableFor) in new[] { (1, 0), (2, 9), (4, 10), (1, 0) })
        {
            child.Tell(new TestActor.Fail("down"));
            await Time.WaitForActiveTimersAsync(1);
            Assert.Equal(TimeSpan.FromSeconds(seconds), Time.NextDueIn);
            Time.Advance(TimeSpan.FromSeconds(seconds));
            await Probe.ExpectMsgAsync("c:prerestart:down");
            await Probe.ExpectMsgAsync("c:poststop");
            await Probe.ExpectMsgAsync("c:prestart");
            Time.Advance(TimeSpan.FromSeconds(stableFor));
        }
    }

    [Fact]
    public async Task Backoff_RandomFactor_DelayWithinJitterBounds()
    {
        var backoff = new BackoffOptions(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(8), RandomFactor: 0.5) { Random = new Random(42) };
        var strategy = new OneForOneStrategy(SupervisorStrategy.DefaultDecider, backoff: backoff);
        var parent = await SpawnAsync("p", p => p.WithSupervisorStrategy(strategy));
        var child = await SpawnChildAsync(parent);

        child.Tell(new TestActor.Fail("down"));
        await Time.WaitForActiveTimersAsync(1);
        var delay = Time.NextDueIn!.Value;
        Assert.InRange(delay, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));
        Assert.NotEqual(TimeSpan.FromSeconds(2), delay);
    }

    [Fact]
    public async Task Backoff_ChildStoppedWhileWaiting_PendingRestartCancelled()
    {
        var backoff = new BackoffOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), RandomFactor: 0);
        var strategy = new OneForOneStrategy(SupervisorStrategy.DefaultDecider, backoff: backoff);
        var parent = await SpawnAsync("p", p => p.WithSupervisorStrategy(strategy));
        var child = await SpawnChildAsync(parent);
        Probe.Watch(child);
        child.Tell(new TestActor.Fail("down"));
        await Time.WaitForActiveTimersAsync(1);
        parent.Tell(new TestActor.Run(ctx => ctx.Stop(child)));
        // The failed instance never restarted: it only stops.
        await Probe.ExpectMsgAllOfAsync("c:poststop", new Terminated(child));
        Assert.Equal(0, Time.ActiveTimerCount);
    }

    [Fact]
    public void Constructor_BadArguments_ThrowWithTheRule()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OneForOneStrategy(SupervisorStrategy.DefaultDecider, maxNrOfRetries: -2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OneForOneStrategy(SupervisorStrategy.DefaultDecider, withinTimeRange: TimeSpan.Zero));
        var ex = Assert.Throws<ArgumentException>(() => new OneForOneStrategy(
            SupervisorStrategy.DefaultDecider, backoff: new BackoffOptions(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1))));
        Assert.Contains("0 < Min <= Max", ex.Message);
    }

    private async Task<IActorRef> SpawnChildAsync(IActorRef parent)
    {
        parent.Tell(new TestActor.Run(ctx => Probe.Ref.Tell(ctx.ActorOf(TestActor.Props(Probe.Ref, "c"), "c"))));
        var child = await Probe.ExpectMsgAsync<IActorRef>();
        await Probe.ExpectMsgAsync("c:prestart");
        return child;
    }

    private async Task ExpectRestartAsync(string reason)
    {
        await Probe.ExpectMsgAsync($"c:prerestart:{reason}");
        await Probe.ExpectMsgAsync("c:poststop");
        await Probe.ExpectMsgAsync("c:prestart");
    }
}

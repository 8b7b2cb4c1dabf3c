namespace Aggregator.Shared.Tests.Actors;

public class TimerSchedulerTests : ActorTestBase
{
    [Fact]
    public async Task StartPeriodicTimer_VirtualTimeAdvances_OneTickPerInterval()
    {
        var actor = await SpawnAsync("a");
        actor.Tell(new TestActor.Run(ctx => ctx.Timers.StartPeriodicTimer("poll", "tick", TimeSpan.FromSeconds(10))));
        await Time.WaitForActiveTimersAsync(1);
        Time.Advance(TimeSpan.FromSeconds(9));
        Time.Advance(TimeSpan.FromSeconds(21));
        for (int i = 0; i < 3; i++)
        {
            await Probe.ExpectMsgAsync("tick");
        }
        // Note: ordering instead of waiting: a fourth tick would precede this reply.
        Probe.Send(actor, "marker");
        await Probe.ExpectMsgAsync("marker");
        Assert.Equal(TimeSpan.FromSeconds(10), Time.NextDueIn);
    }

    [Fact]
    public async Task StartPeriodicTimer_InitialDelay_FirstTickAfterIt()
    {
        var actor = await SpawnAsync("a");
        actor.Tell(new TestActor.Run(ctx => ctx.Timers.StartPeriodicTimer("poll", "tick", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1))));
        await Time.WaitForActiveTimersAsync(1);
        Assert.Equal(TimeSpan.FromSeconds(1), Time.NextDueIn);
        Time.Advance(TimeSpan.FromSeconds(1));
        await Probe.ExpectMsgAsync("tick");
        Assert.Equal(TimeSpan.FromSeconds(10), Time.NextDueIn);
    }

    [Fact]
    public async Task StartSingleTimer_Fires_OnceAndThenInactive()
    {
        var actor = await SpawnAsync("a");
        actor.Tell(new TestActor.Run(ctx => ctx.Timers.StartSingleTimer("once", "ding", TimeSpan.FromSeconds(5))));
        await Time.WaitForActiveTimersAsync(1);
        Time.Advance(TimeSpan.FromSeconds(60));
        await Probe.ExpectMsgAsync("ding");
        actor.Tell(new TestActor.Run(ctx => Probe.Ref.Tell(ctx.Timers.IsTimerActive("once"))));
        Assert.False(await Probe.ExpectMsgAsync<bool>());
        Assert.Equal(0, Time.ActiveTimerCount);
    }

    [Fact]
    public async Task StartSingleTimer_SameKey_ReplacesTheOldTimer()
    {
        var actor = await SpawnAsync("a");
        actor.Tell(new TestActor.Run(ctx =>
        {
            ctx.Timers.StartSingleTimer("k", "old", TimeSpan.FromSeconds(1));
            ctx.Timers.StartSingleTimer("k", "new", TimeSpan.FromSeconds(2));
        }));
        await Time.WaitForActiveTimersAsync(1);
        Assert.Equal(1, Time.ActiveTimerCount);
        Time.Advance(TimeSpan.FromSeconds(2));
        await Probe.ExpectMsgAsync("new");
    }

    [Fact]
    public async Task Cancel_TickAlreadyQueued_TickDiscarded()
    {
        var actor = await SpawnAsync("a");
        actor.Tell(new TestActor.Run(ctx => ctx.Timers.StartSingleTimer("k", "late-tick", TimeSpan.FromSeconds(1))));
        await Time.WaitForActiveTimersAsync(1);
        using var gate = new ManualResetEventSlim();
        actor.Tell(new TestActor.Block(gate));
        await Probe.ExpectMsgAsync("a:entered");
        actor.Tell(new TestActor.Run(ctx => ctx.Timers.Cancel("k")));
        // The tick is queued behind the cancel while the actor is blocked; the cancel must still win.
        Time.Advance(TimeSpan.FromSeconds(1));
        actor.Tell("marker");
        gate.Set();
        await Probe.ExpectMsgAsync("a:released");
        await Probe.ExpectMsgAsync("marker");
    }

    [Fact]
    public async Task Restart_ActiveTimers_AreCancelled()
    {
        var actor = await SpawnAsync("a");
        actor.Tell(new TestActor.Run(ctx => ctx.Timers.StartPeriodicTimer("poll", "tick", TimeSpan.FromSeconds(1))));
        await Time.WaitForActiveTimersAsync(1);
        actor.Tell(new TestActor.Fail("boom"));
        await Probe.ExpectMsgAsync("a:prerestart:boom");
        await Probe.ExpectMsgAsync("a:poststop");
        await Probe.ExpectMsgAsync("a:prestart");
        Assert.Equal(0, Time.ActiveTimerCount);
    }

    [Fact]
    public async Task Stop_ActiveTimers_AreCancelled()
    {
        var actor = await SpawnAsync("a");
        actor.Tell(new TestActor.Run(ctx => ctx.Timers.StartPeriodicTimer("poll", "tick", TimeSpan.FromSeconds(1))));
        await Time.WaitForActiveTimersAsync(1);
        System.Stop(actor);
        await Probe.ExpectMsgAsync("a:poststop");
        Assert.Equal(0, Time.ActiveTimerCount);
    }
}

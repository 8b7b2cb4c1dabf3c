using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Aggregator.Shared.Hosting;
using Aggregator.Tests.Common;

namespace Aggregator.Shared.Tests.Hosting;

public sealed class TimerQueueSchedulerTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly TimerQueueScheduler _scheduler;
    private readonly Recorder _receiver = new();

    public TimerQueueSchedulerTests()
    {
        _scheduler = new TimerQueueScheduler(ConfigurationFactory.Empty, NoLogger.Instance, _time);
    }

    private IScheduler Scheduler => _scheduler;

    public void Dispose() => _scheduler.Dispose();

    [Fact]
    public void ScheduleTellOnce_DelayElapsed_DeliversOnceAtTheDueTimeAndFreesItsTimer()
    {
        Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(15), _receiver, "poll", ActorRefs.NoSender);

        _time.Advance(TimeSpan.FromSeconds(15) - TimeSpan.FromTicks(1));
        Assert.Empty(_receiver.Messages);
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(["poll"], _receiver.Messages);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(["poll"], _receiver.Messages);
        Assert.Equal(0, _scheduler.PendingCount);
        Assert.Equal(0, _time.ActiveTimerCount);
    }

    [Fact]
    public void ScheduleTellOnce_NothingDue_ArmsOneTimerAndNoTick()
    {
        Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(15), _receiver, "poll", ActorRefs.NoSender);

        // Note: Akka's wheel would need a timer firing every tick until then; here the one timer is due in 15 s.
        Assert.Equal(1, _time.ActiveTimerCount);
        Assert.Equal(TimeSpan.FromSeconds(15), _time.NextDueIn);
    }

    [Fact]
    public void ScheduleTellRepeatedly_EachInterval_DeliversAgainUntilCancelled()
    {
        var cancelable = new Cancelable(Scheduler);
        Scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), _receiver, "tick", ActorRefs.NoSender, cancelable);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(_receiver.Messages);
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(3, _receiver.Messages.Count);
        cancelable.Cancel();
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(3, _receiver.Messages.Count);
        Assert.Equal(0, _scheduler.PendingCount);
        Assert.Equal(0, _time.ActiveTimerCount);
    }

    [Fact]
    public void ScheduleOnce_CancelledBeforeDue_NeverRunsAndFreesItsTimer()
    {
        int runs = 0;
        var cancelable = new Cancelable(Scheduler);
        Scheduler.Advanced.ScheduleOnce(TimeSpan.FromSeconds(3), () => runs++, cancelable);

        cancelable.Cancel();
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, runs);
        Assert.Equal(0, _scheduler.PendingCount);
        Assert.Equal(0, _time.ActiveTimerCount);
    }

    [Fact]
    public void ScheduleOnce_AlreadyCancelled_ArmsNothing()
    {
        var cancelable = new Cancelable(Scheduler);
        cancelable.Cancel();

        Scheduler.Advanced.ScheduleOnce(TimeSpan.FromSeconds(3), () => throw new InvalidOperationException("must not run"), cancelable);

        Assert.Equal(0, _time.ActiveTimerCount);
    }

    [Fact]
    public void ScheduleOnce_ActionThrows_OtherEntriesStillRun()
    {
        int runs = 0;
        Scheduler.Advanced.ScheduleOnce(TimeSpan.FromSeconds(1), () => throw new InvalidOperationException("boom"));
        Scheduler.Advanced.ScheduleOnce(TimeSpan.FromSeconds(2), () => runs++);

        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(1, runs);
        Assert.Equal(0, _scheduler.PendingCount);
    }

    [Fact]
    public void ScheduleOnce_DelayBeyondOneTimer_WaitsForTheRest()
    {
        int runs = 0;
        var delay = TimeSpan.FromDays(60);
        Scheduler.Advanced.ScheduleOnce(delay, () => runs++);

        _time.Advance(TimerQueueScheduler.MaxTimerDelay);
        Assert.Equal(0, runs);
        _time.Advance(delay - TimerQueueScheduler.MaxTimerDelay);

        Assert.Equal(1, runs);
    }

    [Fact]
    public void Dispose_PendingEntries_NeverRunAndNewOnesAreRefused()
    {
        int runs = 0;
        Scheduler.Advanced.ScheduleOnce(TimeSpan.FromSeconds(1), () => runs++);
        Scheduler.Advanced.ScheduleRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), () => runs++);

        _scheduler.Dispose();
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, runs);
        Assert.Equal(0, _time.ActiveTimerCount);
        Assert.Throws<SchedulerException>(() => Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), _receiver, "late", ActorRefs.NoSender));
    }

    [Fact]
    public void MonotonicClock_ClockAdvanced_MovesWithTheTimeProvider()
    {
        var before = _scheduler.MonotonicClock;

        _time.Advance(TimeSpan.FromSeconds(7));

        Assert.Equal(TimeSpan.FromSeconds(7), _scheduler.MonotonicClock - before);
        Assert.Equal(_scheduler.MonotonicClock, _scheduler.HighResMonotonicClock);
    }

    [Fact]
    public async Task ActorSystem_ConfiguredByName_DeliversAnActorsTimers()
    {
        var config = ConfigurationFactory.ParseString("""
            akka.scheduler.implementation = "Aggregator.Shared.Hosting.TimerQueueScheduler, Aggregator.Shared"
            akka.loglevel = OFF
            akka.stdout-loglevel = OFF
            """);
        using var system = ActorSystem.Create("scheduler-test", config);
        var fired = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        system.ActorOf(Props.Create(() => new TimerActor(fired)));
        int count = await fired.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.IsType<TimerQueueScheduler>(system.Scheduler);
        Assert.Equal(3, count);
        await system.Terminate();
    }

    /// <summary>An actor whose periodic timer (Akka's <see cref="IWithTimers"/>) must fire three times.</summary>
    private sealed class TimerActor : ReceiveActor, IWithTimers
    {
        private int _count;

        public TimerActor(TaskCompletionSource<int> fired)
        {
            Receive<string>(_ =>
            {
                if (++_count == 3)
                {
                    Timers.Cancel("tick");
                    fired.TrySetResult(_count);
                }
            });
        }

        public ITimerScheduler Timers { get; set; } = null!;

        protected override void PreStart() => Timers.StartPeriodicTimer("tick", "tick", TimeSpan.FromMilliseconds(20));
    }

    /// <summary>A receiver that keeps what it is told.</summary>
    private sealed class Recorder : ICanTell
    {
        public List<object> Messages { get; } = [];

        public void Tell(object message, IActorRef sender) => Messages.Add(message);
    }
}

using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;

namespace Aggregator.Shared.Hosting;

/// <summary>
/// Akka's scheduler on a site Node (<c>akka.scheduler.implementation</c>): every scheduled message or action is one
/// <see cref="TimeProvider"/> timer that fires when it is due, so a Node whose next poll is 15 s away does not wake
/// at all until then. Akka's own scheduler (a hashed wheel) wakes the runtime's timer thread and a thread-pool worker
/// on every tick whether anything is due or not: at the 250 ms tick the ring keeps, 4 wake-ups a second, the largest
/// fixed part of an idle Node's CPU (BENCHMARKS.md "Session 7, helper idle"). The wheel is kept on a ring member,
/// where it batches the cluster's many 0.5–1 s timers into one wake-up per tick; a Node has no cluster and only a
/// few timers of its own (a poll per source, a rule group's fallback, the forwarder's retry), each seconds apart.
/// <para>
/// What differs from the wheel: a timer fires on time instead of up to a tick late; a repeated timer keeps a fixed
/// rate (the wheel re-arms after each run). Akka constructs it by reflection with (Config, ILoggingAdapter), so it
/// takes <see cref="TimeProvider.System"/> there; tests pass their own clock.
/// </para>
/// </summary>
internal sealed class TimerQueueScheduler : SchedulerBase, IDisposable
{
    /// <summary>The longest due time a <see cref="TimeProvider"/> timer takes (2^32 − 2 ms, ~49.7 days); longer ones re-arm.</summary>
    internal static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly ConcurrentDictionary<Entry, byte> _pending = new();
    private volatile bool _disposed;

    /// <summary>Called by Akka (<c>akka.scheduler.implementation</c>).</summary>
    public TimerQueueScheduler(Config config, ILoggingAdapter log)
        : this(config, log, TimeProvider.System)
    {
    }

    internal TimerQueueScheduler(Config config, ILoggingAdapter log, TimeProvider time)
        : base(config, log)
    {
        _time = time;
        _start = time.GetTimestamp();
    }

    /// <summary>Scheduled entries not yet run (a one-off) or not cancelled (a repeated one).</summary>
    internal int PendingCount => _pending.Count;

    public override TimeSpan MonotonicClock => _time.GetElapsedTime(_start);

    public override TimeSpan HighResMonotonicClock => _time.GetElapsedTime(_start);

    protected override DateTimeOffset TimeNow => _time.GetLocalNow();

    protected override void InternalScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Schedule(delay, null, new Tell(receiver, message, sender), cancelable);

    protected override void InternalScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Schedule(initialDelay, interval, new Tell(receiver, message, sender), cancelable);

    protected override void InternalScheduleOnce(TimeSpan delay, Action action, ICancelable cancelable) =>
        Schedule(delay, null, new ActionRunnable(action), cancelable);

    protected override void InternalScheduleOnce(TimeSpan delay, IRunnable action, ICancelable cancelable) =>
        Schedule(delay, null, action, cancelable);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable cancelable) =>
        Schedule(initialDelay, interval, new ActionRunnable(action), cancelable);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action, ICancelable cancelable) =>
        Schedule(initialDelay, interval, action, cancelable);

    /// <summary>Called by the ActorSystem when it terminates: nothing scheduled runs after this.</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var entry in _pending.Keys)
        {
            entry.Stop();
        }
    }

    private void Schedule(TimeSpan delay, TimeSpan? interval, IRunnable action, ICancelable? cancelable)
    {
        // Note: as Akka's own scheduler does once it stopped; Akka's shutdown paths expect this exception.
        if (_disposed)
        {
            throw new SchedulerException("cannot enqueue after timer shutdown");
        }
        if (cancelable?.IsCancellationRequested == true)
        {
            return;
        }
        var entry = new Entry(this, action, cancelable, interval, _time.GetTimestamp() + ToTimestampTicks(delay));
        _pending[entry] = 0;
        entry.Arm(delay, interval);
        // Note: a scheduler disposed while this entry was being added must not leave it armed.
        if (_disposed)
        {
            entry.Stop();
        }
    }

    private long ToTimestampTicks(TimeSpan span) =>
        span >= MaxTimerDelay * 2 ? long.MaxValue / 2 : (long)(span.Ticks * (double)_time.TimestampFrequency / TimeSpan.TicksPerSecond);

    private static TimeSpan Clamp(TimeSpan span) => span > MaxTimerDelay ? MaxTimerDelay : span;

    /// <summary>One scheduled action and its timer; stopped when it ran once, when cancelled, or when the scheduler is disposed.</summary>
    private sealed class Entry(TimerQueueScheduler owner, IRunnable action, ICancelable? cancelable, TimeSpan? interval, long dueTimestamp)
    {
        private readonly Lock _lock = new();
        private ITimer? _timer;
        private CancellationTokenRegistration _cancellation;
        private bool _stopped;

        public void Arm(TimeSpan delay, TimeSpan? period)
        {
            // Note: created disarmed and armed once stored, so that a due time of zero cannot fire before _timer is set.
            var timer = owner._time.CreateTimer(static state => ((Entry)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            lock (_lock)
            {
                if (_stopped)
                {
                    timer.Dispose();
                    return;
                }
                _timer = timer;
            }
            if (cancelable is not null)
            {
                // Note: a cancelled timer goes at once (Akka's timers cancel and re-arm often: a rule group's fallback each interval).
                _cancellation = cancelable.Token.Register(static state => ((Entry)state!).Stop(), this);
            }
            timer.Change(Clamp(delay), period is { } p ? Clamp(p) : Timeout.InfiniteTimeSpan);
        }

        public void Stop()
        {
            ITimer? timer;
            lock (_lock)
            {
                if (_stopped)
                {
                    return;
                }
                _stopped = true;
                timer = _timer;
                _timer = null;
            }
            timer?.Dispose();
            _cancellation.Dispose();
            owner._pending.TryRemove(this, out _);
        }

        private void Fire()
        {
            lock (_lock)
            {
                if (_stopped)
                {
                    return;
                }
            }
            if (owner._disposed || cancelable?.IsCancellationRequested == true)
            {
                Stop();
                return;
            }
            if (interval is null)
            {
                // Note: a delay beyond what one timer takes (~49.7 days) waits again for the rest.
                long remaining = dueTimestamp - owner._time.GetTimestamp();
                if (remaining > 0)
                {
                    _timer?.Change(Clamp(TimeSpan.FromSeconds(remaining / (double)owner._time.TimestampFrequency)), Timeout.InfiniteTimeSpan);
                    return;
                }
                Stop();
            }
            try
            {
                action.Run();
            }
            catch (Exception e)
            {
                owner.Log.Error(e, "Error while executing scheduled task {0}", action);
            }
        }
    }

    /// <summary>A scheduled message.</summary>
    private sealed class Tell(ICanTell receiver, object message, IActorRef sender) : IRunnable
    {
        public void Run() => receiver.Tell(message, sender);

        public void Execute() => Run();

        public override string ToString() => $"tell {message.GetType().Name} to {receiver}";
    }

    /// <summary>A scheduled action.</summary>
    private sealed class ActionRunnable(Action action) : IRunnable
    {
        public void Run() => action();

        public void Execute() => Run();
    }
}

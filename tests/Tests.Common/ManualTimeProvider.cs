namespace Aggregator.Tests.Common;

/// <summary>
/// Virtual time for tests (Microsoft.Extensions.TimeProvider.Testing's FakeTimeProvider is not on the
/// registry here): the clock moves only when <see cref="Advance"/> is called, which fires every timer
/// that falls due, in due order, synchronously on the calling thread.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _now;
    private long _sequence;

    /// <summary>Starts the clock at <paramref name="start"/> (default 2026-01-01T00:00:00Z).</summary>
    public ManualTimeProvider(DateTimeOffset? start = null)
    {
        _now = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }

    /// <summary>Timers that are scheduled to fire (a fired one-shot timer is no longer active).</summary>
    public int ActiveTimerCount
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count(t => t.Due is not null);
            }
        }
    }

    /// <summary>Time until the earliest active timer fires, or null when none is active.</summary>
    public TimeSpan? NextDueIn
    {
        get
        {
            lock (_lock)
            {
                var next = Earliest(DateTimeOffset.MaxValue);
                return next is null ? null : next.Due!.Value - _now;
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing due timers in order (each at its own due time).</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_lock)
        {
            target = _now + delta;
        }
        while (true)
        {
            ManualTimer? next;
            lock (_lock)
            {
                next = Earliest(target);
                if (next is null)
                {
                    _now = target;
                    Signal();
                    return;
                }
                _now = next.Due!.Value;
                next.Due = next.Period is { } period ? _now + period : null;
                Signal();
            }
            // Note: callbacks run outside the lock so that they may create or change timers.
            next.Callback(next.State);
        }
    }

    /// <summary>
    /// Waits (in real time, at most <paramref name="timeout"/>, default 5 s) until at least
    /// <paramref name="count"/> timers are active: the way to know that an actor has armed a timer
    /// before advancing the clock past it.
    /// </summary>
    public async Task WaitForActiveTimersAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_timers.Count(t => t.Due is not null) >= count)
                {
                    return;
                }
                changed = _changed.Task;
            }
            try
            {
                await changed.WaitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {count} active timers within {timeout ?? TimeSpan.FromSeconds(5)}, have {ActiveTimerCount}.");
            }
        }
    }

    private ManualTimer? Earliest(DateTimeOffset notAfter)
    {
        ManualTimer? best = null;
        foreach (var timer in _timers)
        {
            if (timer.Due is { } due && due <= notAfter
                && (best is null || due < best.Due!.Value || (due == best.Due!.Value && timer.Sequence < best.Sequence)))
            {
                best = timer;
            }
        }
        return best;
    }

    private void Signal()
    {
        var old = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        old.TrySetResult();
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public DateTimeOffset? Due { get; set; }

        public TimeSpan? Period { get; private set; }

        public long Sequence { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                if (!owner._timers.Contains(this))
                {
                    return false;
                }
                Sequence = ++owner._sequence;
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period;
                owner.Signal();
                return true;
            }
        }

        public void Dispose()
        {
            lock (owner._lock)
            {
                owner._timers.Remove(this);
                owner.Signal();
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

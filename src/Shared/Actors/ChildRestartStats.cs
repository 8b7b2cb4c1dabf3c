namespace Aggregator.Shared.Actors;

/// <summary>
/// A child's restart history, kept for its parent's strategy; read and written only on the parent's
/// mailbox (Akka's <c>ChildRestartStats</c>).
/// </summary>
internal sealed class ChildRestartStats
{
    private int _restartsInWindow;
    private DateTimeOffset? _windowStart;
    private int _backoffAttempt;
    private DateTimeOffset? _lastRestart;

    /// <summary>A backoff restart that has not fired yet; disposed if the child stops first.</summary>
    public ITimer? PendingRestart { get; set; }

    public bool RequestRestartPermission(DateTimeOffset now, int maxNrOfRetries, TimeSpan? window)
    {
        if (maxNrOfRetries < 0)
        {
            return true;
        }
        if (window is { } range && (_windowStart is null || now - _windowStart.Value > range))
        {
            _windowStart = now;
            _restartsInWindow = 0;
        }
        _restartsInWindow++;
        return _restartsInWindow <= maxNrOfRetries;
    }

    public TimeSpan NextBackoff(DateTimeOffset now, BackoffOptions backoff)
    {
        var resetAfter = backoff.ResetAfter ?? backoff.Min;
        if (_lastRestart is { } last && now - last >= resetAfter)
        {
            _backoffAttempt = 0;
        }
        var delay = backoff.DelayFor(_backoffAttempt);
        _backoffAttempt++;
        // Note: the child's stable run is measured from when it actually restarts, not from the failure.
        _lastRestart = now + delay;
        return delay;
    }

    public void CancelPendingRestart()
    {
        PendingRestart?.Dispose();
        PendingRestart = null;
    }
}

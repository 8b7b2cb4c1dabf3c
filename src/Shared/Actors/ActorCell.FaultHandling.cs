namespace Aggregator.Shared.Actors;

/// <summary>
/// Failure of this actor (suspend and tell the parent) and supervision of its children (apply the
/// strategy's directive), as Akka's <c>ActorCell.FaultHandling</c>.
/// </summary>
internal sealed partial class ActorCell
{
    private ActorCell? _escalatedChild;

    /// <summary>
    /// The actor threw: suspend it (no more user messages; system messages still flow) and ask the parent
    /// for a directive. Further failures before the directive arrives are only logged.
    /// </summary>
    private void HandleInvokeFailure(Exception cause)
    {
        if (_terminating || _terminated)
        {
            System.Log.FailedWhileStopping(cause, Path);
            return;
        }
        if (_failed)
        {
            System.Log.FailedWhileSuspended(cause, Path);
            return;
        }
        _failed = true;
        _suspended = true;
        _failedMessage = _currentMessage;
        System.Log.ActorFailed(cause, Path, _currentMessage?.GetType().Name ?? "(none)");
        if (_parent is null)
        {
            // Note: the guardian has nobody above it; it stops, which terminates the system.
            Self.SendSystem(StopActor.Instance);
            return;
        }
        _parent.Self.SendSystem(new Failed(this, cause));
    }

    private void HandleFailed(Failed failed)
    {
        var child = failed.Child;
        if (_terminating || !IsLiveChild(child))
        {
            return;
        }
        var strategy = _actor?.InvokeSupervisorStrategy() ?? SupervisorStrategy.Default;
        strategy.HandleFailure(this, child, failed.Cause);
    }

    /// <summary>Resume directive: the child keeps its state and continues with its next message.</summary>
    public void ResumeChild(ActorCell child) => child.Self.SendSystem(ResumeActor.Instance);

    /// <summary>Escalate directive: fail this actor with the child's exception; the child stays suspended.</summary>
    public void EscalateFailure(ActorCell child, Exception cause)
    {
        if (_parent is null)
        {
            // Note: nothing above the guardian can decide; stopping the child keeps the system alive.
            StopChild(child);
            return;
        }
        _escalatedChild = child;
        _currentMessage = null;
        HandleInvokeFailure(cause);
    }

    /// <summary>Restart directive with backoff: the child stays suspended until the timer fires.</summary>
    public void ScheduleRestart(ActorCell child, Exception cause, TimeSpan delay)
    {
        var stats = child.RestartStats;
        stats.CancelPendingRestart();
        stats.PendingRestart = System.TimeProvider.CreateTimer(
            static state =>
            {
                var (target, reason) = ((ActorCell, Exception))state!;
                target.Self.SendSystem(new RecreateActor(reason));
            },
            (child, cause),
            delay,
            Timeout.InfiniteTimeSpan);
    }
}

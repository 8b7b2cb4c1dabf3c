namespace Aggregator.Shared.Actors;

/// <summary>
/// Applies the directive only to the child that failed (Akka's <c>OneForOneStrategy</c>), with a
/// restart limit within a window and an optional exponential backoff before each restart.
/// </summary>
/// <remarks>
/// Restart limit (as Akka's <c>ChildRestartStats</c>): with <see cref="WithinTimeRange"/> set, the window
/// opens at the first restart; when more than <see cref="MaxNrOfRetries"/> restarts fall in one window
/// the child is stopped instead; a failure after the window has passed opens a new window. Without a
/// window the restarts are counted for the child's whole life. Unlike Akka, -1 means "no limit" even
/// when a window is given. A decider that throws is treated as <see cref="Directive.Escalate"/>.
/// </remarks>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="decider">Maps the child's exception to a directive.</param>
    /// <param name="maxNrOfRetries">Restarts allowed (per window if one is given); -1 for no limit.</param>
    /// <param name="withinTimeRange">The window; null counts restarts over the child's life.</param>
    /// <param name="backoff">Delays each restart; null restarts at once.</param>
    public OneForOneStrategy(
        Func<Exception, Directive> decider,
        int maxNrOfRetries = -1,
        TimeSpan? withinTimeRange = null,
        BackoffOptions? backoff = null)
        : base(decider)
    {
        if (maxNrOfRetries < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxNrOfRetries), maxNrOfRetries, "Use -1 for no limit.");
        }
        if (withinTimeRange is { } window && window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(withinTimeRange), window, "The restart window must be positive.");
        }
        backoff?.Validate();
        MaxNrOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        Backoff = backoff;
    }

    /// <summary>Restarts allowed per window (or per life without a window); -1 for no limit.</summary>
    public int MaxNrOfRetries { get; }

    /// <summary>The window of the restart limit; null for the child's whole life.</summary>
    public TimeSpan? WithinTimeRange { get; }

    /// <summary>Exponential delay before each restart; null restarts at once.</summary>
    public BackoffOptions? Backoff { get; }

    internal override void HandleFailure(ActorCell parent, ActorCell child, Exception cause)
    {
        Directive directive;
        try
        {
            directive = Decider(cause);
        }
        catch (Exception)
        {
            directive = Directive.Escalate;
        }

        switch (directive)
        {
            case Directive.Resume:
                parent.ResumeChild(child);
                break;
            case Directive.Restart:
                Restart(parent, child, cause);
                break;
            case Directive.Stop:
                parent.StopChild(child);
                break;
            default:
                parent.EscalateFailure(child, cause);
                break;
        }
    }

    private void Restart(ActorCell parent, ActorCell child, Exception cause)
    {
        var now = parent.System.TimeProvider.GetUtcNow();
        var stats = child.RestartStats;
        if (!stats.RequestRestartPermission(now, MaxNrOfRetries, WithinTimeRange))
        {
            parent.StopChild(child);
            return;
        }
        if (Backoff is null)
        {
            child.Self.SendSystem(new RecreateActor(cause));
            return;
        }
        parent.ScheduleRestart(child, cause, stats.NextBackoff(now, Backoff));
    }
}

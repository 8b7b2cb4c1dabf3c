namespace Aggregator.Shared.Actors;

/// <summary>
/// Keyed timers that send messages to the owning actor, on the system's <see cref="TimeProvider"/>
/// (Akka's <c>ITimerScheduler</c>). Starting a timer with a key in use cancels the old one; a message
/// from a cancelled or replaced timer is discarded even if it was already queued. All timers are
/// cancelled when the actor restarts or stops. The timer message arrives with no sender.
/// </summary>
public interface ITimerScheduler
{
    /// <summary>Sends <paramref name="message"/> once after <paramref name="delay"/>.</summary>
    void StartSingleTimer(object key, object message, TimeSpan delay);

    /// <summary>
    /// Sends <paramref name="message"/> every <paramref name="interval"/> (fixed rate), first after
    /// <paramref name="initialDelay"/> (default: one interval).
    /// </summary>
    void StartPeriodicTimer(object key, object message, TimeSpan interval, TimeSpan? initialDelay = null);

    /// <summary>Whether a timer with <paramref name="key"/> is active (a single timer stops being active once its message is handled).</summary>
    bool IsTimerActive(object key);

    /// <summary>Cancels the timer with <paramref name="key"/>, if any.</summary>
    void Cancel(object key);

    /// <summary>Cancels every timer of this actor.</summary>
    void CancelAll();
}

namespace Aggregator.Shared.Actors;

/// <summary>What a supervisor does with a failed child (Akka's <c>Directive</c>).</summary>
public enum Directive
{
    /// <summary>Keep the actor instance and its state; the failing message is dropped.</summary>
    Resume,

    /// <summary>
    /// Replace the instance: PreRestart on the old one (by default stops its children and runs
    /// PostStop), a new instance from the Props, PostRestart (by default runs PreStart). The mailbox
    /// survives; the failing message is dropped. Counts against the retry limit; may be delayed by backoff.
    /// </summary>
    Restart,

    /// <summary>Stop the child permanently; its watchers get <see cref="Terminated"/>.</summary>
    Stop,

    /// <summary>The supervisor fails itself with the same exception and lets its own parent decide.</summary>
    Escalate,
}

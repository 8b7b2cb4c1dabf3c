namespace Aggregator.Shared.Actors;

/// <summary>The <c>/user</c> actor: parent and supervisor of every top-level actor; handles no messages.</summary>
internal sealed class GuardianActor(SupervisorStrategy strategy) : ActorBase
{
    protected override void OnReceive(object message) => Unhandled(message);

    protected override SupervisorStrategy ChildSupervisorStrategy => strategy;

    protected override void PreRestart(Exception reason, object? message)
    {
        // Note: the guardian never fails on its own; keep the top-level actors if it is ever restarted.
    }
}

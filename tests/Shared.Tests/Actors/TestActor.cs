using Aggregator.Shared.Actors;

namespace Aggregator.Shared.Tests.Actors;

/// <summary>Thrown by <see cref="TestActor"/> on <see cref="TestActor.Fail"/>.</summary>
internal sealed class TestFailure(string reason) : Exception(reason);

/// <summary>
/// A scriptable actor for the actor-core tests: reports its lifecycle to a probe as "name:hook" strings,
/// counts, fails, blocks on a gate, or runs an arbitrary action on its own context.
/// </summary>
internal sealed class TestActor(IActorRef probe, string name) : ActorBase
{
    private int _count;

    public sealed record Fail(string Reason);

    public sealed record Block(ManualResetEventSlim Gate);

    public sealed record Run(Action<IActorContext> Action);

    public static Props Props(IActorRef probe, string name) => Shared.Actors.Props.Create(() => new TestActor(probe, name));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Fail fail:
                throw new TestFailure(fail.Reason);
            case "inc":
                _count++;
                break;
            case "get":
                Sender.Tell(_count, Self);
                break;
            case Block block:
                probe.Tell($"{name}:entered");
                block.Gate.Wait(TimeSpan.FromSeconds(30));
                probe.Tell($"{name}:released");
                break;
            case Run run:
                run.Action(Context);
                break;
            default:
                probe.Tell(message, Sender);
                break;
        }
    }

    protected override void PreStart() => probe.Tell($"{name}:prestart");

    protected override void PostStop() => probe.Tell($"{name}:poststop");

    protected override void PreRestart(Exception reason, object? message)
    {
        probe.Tell($"{name}:prerestart:{reason.Message}");
        base.PreRestart(reason, message);
    }
}

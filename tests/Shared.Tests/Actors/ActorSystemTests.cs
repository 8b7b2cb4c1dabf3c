using Aggregator.Shared.Actors;
using Aggregator.Tests.Common;
using Aggregator.Tests.Common.Actors;

namespace Aggregator.Shared.Tests.Actors;

public class ActorSystemTests
{
    [Fact]
    public async Task Terminate_RunningActors_AllStopChildrenFirstAndSystemCompletes()
    {
        var system = ActorSystem.Create("t", new ManualTimeProvider());
        // Note: the probe lives in another system; the terminating one would stop it along with the rest.
        await using var observer = ActorSystem.Create("observer", new ManualTimeProvider());
        var probe = new TestProbe(observer, "probe");
        var parent = system.ActorOf(TestActor.Props(probe.Ref, "p"), "p");
        await probe.ExpectMsgAsync("p:prestart");
        parent.Tell(new TestActor.Run(ctx => ctx.ActorOf(TestActor.Props(probe.Ref, "c"), "c")));
        await probe.ExpectMsgAsync("c:prestart");

        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));

        await probe.ExpectMsgAsync("c:poststop");
        await probe.ExpectMsgAsync("p:poststop");
        Assert.True(system.WhenTerminated.IsCompletedSuccessfully);
        var ex = Assert.Throws<InvalidOperationException>(() => system.ActorOf(TestActor.Props(probe.Ref, "late")));
        Assert.Contains("/user is stopping", ex.Message);
    }

    [Fact]
    public async Task GuardianStrategy_Escalate_StopsTheTopLevelActorAndSystemLives()
    {
        await using var system = ActorSystem.Create("t", new ActorSystemSettings
        {
            TimeProvider = new ManualTimeProvider(),
            GuardianStrategy = new OneForOneStrategy(_ => Directive.Escalate),
        });
        var probe = new TestProbe(system, "probe");
        var actor = system.ActorOf(TestActor.Props(probe.Ref, "a"), "a");
        await probe.ExpectMsgAsync("a:prestart");
        probe.Watch(actor);
        actor.Tell(new TestActor.Fail("up"));
        await probe.ExpectMsgAllOfAsync("a:poststop", new Terminated(actor));
        Assert.False(system.WhenTerminated.IsCompleted);
        var other = system.ActorOf(TestActor.Props(probe.Ref, "b"), "b");
        await probe.ExpectMsgAsync("b:prestart");
        Assert.NotNull(other);
    }

    [Fact]
    public async Task Decider_Throws_TreatedAsEscalate()
    {
        await using var system = ActorSystem.Create("t", new ActorSystemSettings
        {
            TimeProvider = new ManualTimeProvider(),
            GuardianStrategy = new OneForOneStrategy(_ => throw new InvalidOperationException("decider bug")),
        });
        var probe = new TestProbe(system, "probe");
        var actor = system.ActorOf(TestActor.Props(probe.Ref, "a"), "a");
        await probe.ExpectMsgAsync("a:prestart");
        actor.Tell(new TestActor.Fail("x"));
        // Escalating from the guardian stops the failed actor.
        await probe.ExpectMsgAsync("a:poststop");
    }

    [Fact]
    public void Create_InvalidThroughput_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ActorSystem.Create("t", new ActorSystemSettings { Throughput = 0 }));
        Assert.Contains("Throughput must be at least 1", ex.Message);
    }

    [Fact]
    public void ActorOf_ZeroCapacityMailbox_Throws()
    {
        var system = ActorSystem.Create("t", new ManualTimeProvider());
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => system.ActorOf(Props.Create(() => new NoopActor()).WithMailbox(0)));
        Assert.Contains("Mailbox capacity must be at least 1", ex.Message);
    }

    private sealed class NoopActor : ActorBase
    {
        protected override void OnReceive(object message)
        {
        }
    }
}

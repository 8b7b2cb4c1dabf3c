using Aggregator.Shared.Actors;

namespace Aggregator.Shared.Tests.Actors;

public class SupervisorStrategyTests : ActorTestBase
{
    public SupervisorStrategyTests()
        : base(new OneForOneStrategy(ex => ex switch
        {
            TestFailure { Message: "resume" } => Directive.Resume,
            TestFailure { Message: "stop" } => Directive.Stop,
            TestFailure { Message: "escalate" } => Directive.Escalate,
            _ => SupervisorStrategy.DefaultDecider(ex),
        }))
    {
    }

    [Fact]
    public async Task Resume_ChildFails_KeepsStateAndContinues()
    {
        var actor = await SpawnAsync("a");
        actor.Tell("inc");
        actor.Tell(new TestActor.Fail("resume"));
        actor.Tell("inc");
        Probe.Send(actor, "get");
        Assert.Equal(2, await Probe.ExpectMsgAsync<int>());
    }

    [Fact]
    public async Task Restart_ChildFails_NewInstanceWithHooksAndMailboxKept()
    {
        var actor = await SpawnAsync("a");
        actor.Tell("inc");
        actor.Tell(new TestActor.Fail("boom"));
        Probe.Send(actor, "get");
        await Probe.ExpectMsgAsync("a:prerestart:boom");
        await Probe.ExpectMsgAsync("a:poststop");
        await Probe.ExpectMsgAsync("a:prestart");
        // The message queued behind the failure is handled by the fresh instance, whose count is 0.
        Assert.Equal(0, await Probe.ExpectMsgAsync<int>());
    }

    [Fact]
    public async Task Restart_ParentWithChildren_ChildrenStoppedAndNewInstanceStartsAfterThem()
    {
        var parent = await SpawnAsync("p");
        parent.Tell(new TestActor.Run(ctx => ctx.ActorOf(TestActor.Props(Probe.Ref, "c"), "c")));
        await Probe.ExpectMsgAsync("c:prestart");
        parent.Tell(new TestActor.Fail("boom"));
        await Probe.ExpectMsgAsync("p:prerestart:boom");
        // Note: the default PreRestart asks the child to stop and then runs PostStop, so these two race.
        await Probe.ExpectMsgAllOfAsync("c:poststop", "p:poststop");
        await Probe.ExpectMsgAsync("p:prestart");
        // The name is free again: the new instance can create a child with it.
        parent.Tell(new TestActor.Run(ctx => ctx.ActorOf(TestActor.Props(Probe.Ref, "c"), "c")));
        await Probe.ExpectMsgAsync("c:prestart");
    }

    [Fact]
    public async Task Stop_ChildFails_ChildStopsAndWatchersAreTold()
    {
        var actor = await SpawnAsync("a");
        Probe.Watch(actor);
        actor.Tell(new TestActor.Fail("stop"));
        await Probe.ExpectMsgAllOfAsync("a:poststop", new Terminated(actor));
    }

    [Fact]
    public async Task Escalate_ChildFails_ParentFailsWithTheSameExceptionAndItsSupervisorDecides()
    {
        var escalating = new OneForOneStrategy(_ => Directive.Escalate);
        var parent = await SpawnAsync("p", p => p.WithSupervisorStrategy(escalating));
        parent.Tell(new TestActor.Run(ctx =>
            Probe.Ref.Tell(ctx.ActorOf(TestActor.Props(Probe.Ref, "c"), "c"))));
        var child = await Probe.ExpectMsgAsync<IActorRef>();
        await Probe.ExpectMsgAsync("c:prestart");
        Probe.Watch(child);

        child.Tell(new TestActor.Fail("from-child"));
        // The guardian's decider restarts on this exception: the parent restarts with the child's
        // exception as its reason, and its default PreRestart stops the child.
        var received = await Probe.ReceiveNAsync(5);
        Assert.Equal("p:prerestart:from-child", received.First(m => m is string));
        Assert.Equal("p:prestart", received[^1] is Terminated ? received[^2] : received[^1]);
        Assert.Contains("c:poststop", received);
        Assert.Contains("p:poststop", received);
        Assert.Contains(new Terminated(child), received);
    }

    [Fact]
    public async Task InitializationFailure_DefaultDecider_StopsTheActor()
    {
        var actor = System.ActorOf(Props.Create(() => new FailingConstructor()), "bad");
        Probe.Watch(actor);
        await Probe.ExpectTerminatedAsync(actor);
    }

    [Fact]
    public async Task Restart_ActorWatchingAnother_NewInstanceStillGetsTerminated()
    {
        var watched = await SpawnAsync("x");
        var actor = await SpawnAsync("a");
        actor.Tell(new TestActor.Run(ctx => ctx.Watch(watched)));
        actor.Tell(new TestActor.Fail("boom"));
        await Probe.ExpectMsgAsync("a:prerestart:boom");
        await Probe.ExpectMsgAsync("a:poststop");
        await Probe.ExpectMsgAsync("a:prestart");
        System.Stop(watched);
        await Probe.ExpectMsgAsync("x:poststop");
        // The restarted instance's default handler forwards the Terminated to the probe.
        await Probe.ExpectMsgAsync(new Terminated(watched));
    }

    [Fact]
    public async Task Resume_AfterEscalation_SuspendedChildResumesToo()
    {
        var escalating = new OneForOneStrategy(_ => Directive.Escalate);
        var parent = await SpawnAsync("p", p => p.WithSupervisorStrategy(escalating));
        parent.Tell(new TestActor.Run(ctx => Probe.Ref.Tell(ctx.ActorOf(TestActor.Props(Probe.Ref, "c"), "c"))));
        var child = await Probe.ExpectMsgAsync<IActorRef>();
        await Probe.ExpectMsgAsync("c:prestart");
        child.Tell("inc");
        // The guardian resumes on "resume": the parent resumes and resumes the child it escalated for.
        child.Tell(new TestActor.Fail("resume"));
        Probe.Send(child, "get");
        Assert.Equal(1, await Probe.ExpectMsgAsync<int>());
        Probe.Send(parent, "get");
        Assert.Equal(0, await Probe.ExpectMsgAsync<int>());
    }

    private sealed class FailingConstructor : ActorBase
    {
        public FailingConstructor() => throw new InvalidOperationException("cannot start");

        protected override void OnReceive(object message)
        {
        }
    }
}

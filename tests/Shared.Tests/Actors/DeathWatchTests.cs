using Aggregator.Shared.Actors;

namespace Aggregator.Shared.Tests.Actors;

public class DeathWatchTests : ActorTestBase
{
    [Fact]
    public async Task Watch_TwiceThenActorStops_OneTerminatedAfterPostStop()
    {
        var actor = await SpawnAsync("a");
        var watcher = await SpawnAsync("w");
        watcher.Tell(new TestActor.Run(ctx =>
        {
            ctx.Watch(actor);
            ctx.Watch(actor);
            Probe.Ref.Tell("watching");
        }));
        await Probe.ExpectMsgAsync("watching");
        System.Stop(actor);
        await Probe.ExpectMsgAsync("a:poststop");
        await Probe.ExpectMsgAsync(new Terminated(actor));
        // Note: an ordering check instead of waiting: a second Terminated would precede this reply.
        Probe.Send(watcher, "pong");
        await Probe.ExpectMsgAsync("pong");
    }

    [Fact]
    public async Task Watch_AlreadyStoppedActor_TerminatedAtOnce()
    {
        var actor = await SpawnAsync("a");
        var watcher = await SpawnAsync("w");
        System.Stop(actor);
        await Probe.ExpectMsgAsync("a:poststop");
        watcher.Tell(new TestActor.Run(ctx => ctx.Watch(actor)));
        var terminated = await Probe.ExpectMsgAsync<Terminated>();
        Assert.Equal(actor, terminated.ActorRef);
    }

    [Fact]
    public async Task Unwatch_BeforeStop_NoTerminated()
    {
        var actor = await SpawnAsync("a");
        var watcher = await SpawnAsync("w");
        watcher.Tell(new TestActor.Run(ctx => { ctx.Watch(actor); ctx.Unwatch(actor); }));
        System.Stop(actor);
        await Probe.ExpectMsgAsync("a:poststop");
        // Note: had a Terminated been sent to the watcher it would precede this reply in its mailbox.
        Probe.Send(watcher, "after");
        await Probe.ExpectMsgAsync("after");
    }

    [Fact]
    public async Task Watch_ChildFromParent_ParentGetsTerminatedAndChildIsGone()
    {
        var parent = await SpawnAsync("p");
        parent.Tell(new TestActor.Run(ctx => ctx.Watch(ctx.ActorOf(TestActor.Props(Probe.Ref, "c"), "c"))));
        await Probe.ExpectMsgAsync("c:prestart");
        parent.Tell(new TestActor.Run(ctx => ctx.Stop(ctx.Child("c")!)));
        await Probe.ExpectMsgAsync("c:poststop");
        var terminated = await Probe.ExpectMsgAsync<Terminated>();
        Assert.Equal("/user/p/c", terminated.ActorRef.Path);
        parent.Tell(new TestActor.Run(ctx => Probe.Ref.Tell(ctx.Children.Count)));
        Assert.Equal(0, await Probe.ExpectMsgAsync<int>());
    }

    [Fact]
    public async Task Stop_ParentWithChildren_ChildrenStopFirstThenParentThenWatchers()
    {
        var parent = await SpawnAsync("p");
        parent.Tell(new TestActor.Run(ctx =>
        {
            ctx.ActorOf(TestActor.Props(Probe.Ref, "c1"), "c1").Tell(new TestActor.Run(c => c.ActorOf(TestActor.Props(Probe.Ref, "g"), "g")));
        }));
        await Probe.ExpectMsgAsync("c1:prestart");
        await Probe.ExpectMsgAsync("g:prestart");
        Probe.Watch(parent);
        System.Stop(parent);
        var received = await Probe.ReceiveNAsync(4);
        Assert.Equal(["g:poststop", "c1:poststop", "p:poststop"], received.Where(m => m is string));
        Assert.Contains(new Terminated(parent), received);
    }

    [Fact]
    public async Task Terminated_NotHandled_DeathPactStopsTheWatcher()
    {
        var actor = await SpawnAsync("a");
        var watcher = System.ActorOf(Props.Create(() => new IgnoringWatcher(actor)), "w");
        Probe.Watch(watcher);
        Probe.Send(watcher, "ready?");
        await Probe.ExpectMsgAsync("ready");
        System.Stop(actor);
        await Probe.ExpectMsgAllOfAsync("a:poststop", new Terminated(watcher));
    }

    [Fact]
    public async Task Tell_StoppedActor_GoesToDeadLettersAndIsCounted()
    {
        var actor = await SpawnAsync("a");
        Probe.Watch(actor);
        System.Stop(actor);
        await Probe.ExpectMsgAllOfAsync("a:poststop", new Terminated(actor));
        System.SubscribeDeadLetters(Probe.Ref);
        long before = System.DeadLetterCount;
        actor.Tell("lost-1");
        actor.Tell("lost-2", Probe.Ref);
        var first = await Probe.ExpectMsgAsync<DeadLetter>();
        var second = await Probe.ExpectMsgAsync<DeadLetter>();
        Assert.Equal(("lost-1", "lost-2"), (first.Message, second.Message));
        Assert.Equal(actor, second.Recipient);
        Assert.Equal(Probe.Ref, second.Sender);
        Assert.Equal(before + 2, System.DeadLetterCount);
    }

    private sealed class IgnoringWatcher(IActorRef subject) : ActorBase
    {
        protected override void PreStart() => Context.Watch(subject);

        protected override void OnReceive(object message)
        {
            if (message is "ready?")
            {
                Sender.Tell("ready");
                return;
            }
            Unhandled(message);
        }
    }
}

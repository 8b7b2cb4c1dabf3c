using System.Runtime.CompilerServices;
using Aggregator.Shared.Actors;

namespace Aggregator.Shared.Tests.Actors;

public class MailboxTests : ActorTestBase
{
    [Fact]
    public async Task Stop_WhileBusy_CurrentMessageFinishesAndStopOvertakesQueuedUserMessages()
    {
        var actor = await SpawnAsync("a");
        System.SubscribeDeadLetters(Probe.Ref);
        Probe.Watch(actor);
        using var gate = new ManualResetEventSlim();
        actor.Tell(new TestActor.Block(gate));
        await Probe.ExpectMsgAsync("a:entered");
        actor.Tell("queued-1");
        actor.Tell("queued-2");
        System.Stop(actor); // a system message, behind the user messages in time
        gate.Set();

        var received = await Probe.ReceiveNAsync(5);
        // The current message finished; the queued user messages were never handled: they became dead
        // letters after PostStop. (Terminated may overtake the others: it comes on the system queue.)
        Assert.Equal(
            ["a:released", "a:poststop", "dead:queued-1", "dead:queued-2"],
            received.Where(m => m is not Terminated).Select(m => m is DeadLetter d ? $"dead:{d.Message}" : m));
        Assert.Contains(new Terminated(actor), received);
    }

    [Fact]
    public async Task Tell_FullQueueDropNewest_NewMessagesAreDeadLetters()
    {
        var actor = await SpawnAsync("a", p => p.WithMailbox(2));
        System.SubscribeDeadLetters(Probe.Ref);
        using var gate = new ManualResetEventSlim();
        actor.Tell(new TestActor.Block(gate));
        await Probe.ExpectMsgAsync("a:entered");
        for (int i = 1; i <= 4; i++)
        {
            actor.Tell(i);
        }
        Assert.Equal(3, (await Probe.ExpectMsgAsync<DeadLetter>()).Message);
        Assert.Equal(4, (await Probe.ExpectMsgAsync<DeadLetter>()).Message);
        gate.Set();
        await Probe.ExpectMsgAsync("a:released");
        Assert.Equal(1, await Probe.ExpectMsgAsync<int>());
        Assert.Equal(2, await Probe.ExpectMsgAsync<int>());
        Assert.Equal(2, System.DeadLetterCount);
    }

    [Fact]
    public async Task Tell_FullQueueDropOldest_OldestMessagesAreDeadLetters()
    {
        var actor = await SpawnAsync("a", p => p.WithMailbox(2, MailboxOverflow.DropOldest));
        System.SubscribeDeadLetters(Probe.Ref);
        using var gate = new ManualResetEventSlim();
        actor.Tell(new TestActor.Block(gate));
        await Probe.ExpectMsgAsync("a:entered");
        for (int i = 1; i <= 4; i++)
        {
            actor.Tell(i);
        }
        Assert.Equal(1, (await Probe.ExpectMsgAsync<DeadLetter>()).Message);
        Assert.Equal(2, (await Probe.ExpectMsgAsync<DeadLetter>()).Message);
        gate.Set();
        await Probe.ExpectMsgAsync("a:released");
        Assert.Equal(3, await Probe.ExpectMsgAsync<int>());
        Assert.Equal(4, await Probe.ExpectMsgAsync<int>());
    }

    [Fact]
    public async Task PoisonPill_InQueue_EarlierMessagesHandledLaterOnesDeadLetters()
    {
        var actor = await SpawnAsync("a");
        System.SubscribeDeadLetters(Probe.Ref);
        actor.Tell("before");
        actor.Tell(PoisonPill.Instance);
        actor.Tell("after");
        await Probe.ExpectMsgAsync("before");
        await Probe.ExpectMsgAsync("a:poststop");
        Assert.Equal("after", (await Probe.ExpectMsgAsync<DeadLetter>()).Message);
    }

    [Fact]
    public async Task Run_SelfFloodingActor_OtherActorsStillProgress()
    {
        // Note: throughput 1 at most one user message per run; the self-flooding actor keeps getting
        // rescheduled behind the other actor's work item instead of holding the thread.
        await using var system = ActorSystem.Create("fair", new ActorSystemSettings { Throughput = 1 });
        var probe = new Aggregator.Tests.Common.Actors.TestProbe(system);
        var flooder = system.ActorOf(Props.Create(() => new SelfFlooder()), "flooder");
        flooder.Tell("go");
        var other = system.ActorOf(TestActor.Props(probe.Ref, "other"), "other");
        await probe.ExpectMsgAsync("other:prestart");
        other.Tell("ping");
        await probe.ExpectMsgAsync("ping");
        system.Stop(flooder);
    }

    [Fact]
    public async Task Tell_ConcurrentSendersWhileActorStops_EveryMessageHandledOrDeadLetteredOnce()
    {
        const int Senders = 4;
        const int PerSender = 50_000;
        var handled = new StrongBox<int>();
        var actor = System.ActorOf(Props.Create(() => new Counting(handled)).WithMailbox(Senders * PerSender), "counting");
        Probe.Watch(actor);
        using var start = new Barrier(Senders + 1);
        var senders = Enumerable.Range(0, Senders).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < PerSender; i++)
            {
                actor.Tell(i);
            }
        })).ToList();
        start.SignalAndWait();
        // Note: the stop lands while the senders are still telling, so some posts race the mailbox's close.
        while (Volatile.Read(ref handled.Value) == 0)
        {
            await Task.Yield();
        }
        System.Stop(actor);
        await Task.WhenAll(senders);
        await Probe.ExpectMsgAsync<Terminated>();

        Assert.Equal(Senders * PerSender, Volatile.Read(ref handled.Value) + System.DeadLetterCount);
    }

    private sealed class Counting(StrongBox<int> handled) : ActorBase
    {
        protected override void OnReceive(object message) => Interlocked.Increment(ref handled.Value);
    }

    private sealed class SelfFlooder : ActorBase
    {
        protected override void OnReceive(object message) => Self.Tell(message);
    }
}

using Aggregator.Shared.Actors;

namespace Aggregator.Shared.Tests.Actors;

public class ActorRefTests : ActorTestBase
{
    [Fact]
    public async Task Tell_ManyMessagesFromOneSender_ArriveInOrder()
    {
        var actor = await SpawnAsync("a");
        for (int i = 0; i < 2000; i++)
        {
            actor.Tell(i);
        }
        for (int i = 0; i < 2000; i++)
        {
            Assert.Equal(i, await Probe.ExpectMsgAsync<int>());
        }
    }

    [Fact]
    public async Task Tell_WithSender_ReceiverSeesSender()
    {
        var actor = await SpawnAsync("a");
        Probe.Send(actor, "get");
        Assert.Equal(0, await Probe.ExpectMsgAsync<int>());
        Assert.Equal(actor, Probe.LastSender);
    }

    [Fact]
    public async Task Tell_WithoutSender_ReceiverSeesDeadLetters()
    {
        var actor = await SpawnAsync("a");
        actor.Tell("hello");
        await Probe.ExpectMsgAsync("hello");
        Assert.Equal(System.DeadLetters, Probe.LastSender);
    }

    [Fact]
    public async Task ActorOf_NameTaken_ThrowsNamingTheParent()
    {
        await SpawnAsync("a");
        var ex = Assert.Throws<InvalidActorNameException>(() => System.ActorOf(TestActor.Props(Probe.Ref, "a"), "a"));
        Assert.Contains("'a' is not unique under /user", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("$x")]
    public void ActorOf_InvalidName_Throws(string name)
    {
        var ex = Assert.Throws<InvalidActorNameException>(() => System.ActorOf(TestActor.Props(Probe.Ref, "x"), name));
        Assert.Contains($"'{name}' is invalid", ex.Message);
    }

    [Fact]
    public async Task ActorOf_NameOfStoppedActor_CanBeReused()
    {
        var first = await SpawnAsync("a");
        Probe.Watch(first);
        System.Stop(first);
        await Probe.ExpectMsgAllOfAsync("a:poststop", new Terminated(first));
        // Note: the guardian frees the name when it processes the stop; retry until it has.
        IActorRef? second = null;
        for (int attempt = 0; second is null && attempt < 500; attempt++)
        {
            try
            {
                second = System.ActorOf(TestActor.Props(Probe.Ref, "a"), "a");
            }
            catch (InvalidActorNameException)
            {
                await Task.Delay(10);
            }
        }
        Assert.NotNull(second);
        await Probe.ExpectMsgAsync("a:prestart");
        Assert.NotEqual(first, second);
        Assert.Equal(first.Path, second.Path);
    }

    [Fact]
    public void New_OutsideProps_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new TestActor(Probe.Ref, "x"));
        Assert.Contains("must be created through Props", ex.Message);
    }

    [Fact]
    public async Task ContextActorOf_Child_HasParentPathAndParent()
    {
        var parent = await SpawnAsync("p");
        parent.Tell(new TestActor.Run(ctx =>
        {
            var child = ctx.ActorOf(TestActor.Props(Probe.Ref, "c"), "c");
            Probe.Ref.Tell(child);
            Probe.Ref.Tell(ctx.Children.Count);
        }));
        // Note: the child starts on its own mailbox, so its PreStart may report before or after the parent's two messages.
        var messages = await Probe.ReceiveNAsync(3);
        var childRef = Assert.Single(messages.OfType<IActorRef>());
        Assert.Equal("/user/p/c", childRef.Path);
        Assert.Equal(1, Assert.Single(messages.OfType<int>()));
        Assert.Equal("c:prestart", Assert.Single(messages.OfType<string>()));
        childRef.Tell(new TestActor.Run(ctx => Probe.Ref.Tell(ctx.Parent)));
        Assert.Equal(parent, await Probe.ExpectMsgAsync<IActorRef>());
    }
}

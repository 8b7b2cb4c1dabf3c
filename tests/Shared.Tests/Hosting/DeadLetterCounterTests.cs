using Akka.Actor;
using Akka.Event;
using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Tests.Scraping;
using Aggregator.Tests.Common;

namespace Aggregator.Shared.Tests.Hosting;

public sealed class DeadLetterCounterTests : Akka.TestKit.Xunit2.TestKit
{
    private static double Count(MetricsRegistry metrics, string type) =>
        metrics.Counter("aggregator_dead_letters_total", "Messages that reached no actor (its recipient was gone) or were dropped, by message type.", "message_type")
            .WithLabels(type).Value;

    [Fact]
    public async Task OnDeadLetter_MessagesToAStoppedActor_AreCountedByTypeAndLogged()
    {
        var metrics = new MetricsRegistry();
        var logger = new ListLogger();
        var listener = Sys.ActorOf(DeadLetterCounter.Props(metrics, logger, TimeProvider.System));
        Sys.EventStream.Subscribe(listener, typeof(DeadLetter));
        var target = Sys.ActorOf(Props.Empty, "gone");
        Watch(target);
        Sys.Stop(target);
        await ExpectTerminatedAsync(target);

        target.Tell("lost");
        target.Tell("lost");
        target.Tell(42);

        await AwaitAssertAsync(() =>
        {
            Assert.Equal(2, Count(metrics, "String"));
            Assert.Equal(1, Count(metrics, "Int32"));
            lock (logger.Lines)
            {
                Assert.Equal(3, logger.Lines.Count(l => l.Contains("/user/gone", StringComparison.Ordinal)));
            }
        });
    }

    [Fact]
    public async Task OnDeadLetter_AFlood_LogsAtMostTheLimitPerMinuteButCountsAll()
    {
        var metrics = new MetricsRegistry();
        var logger = new ListLogger();
        var listener = Sys.ActorOf(DeadLetterCounter.Props(metrics, logger, new ManualTimeProvider()));
        const int Flood = DeadLetterCounter.LogsPerMinute * 3;
        for (int i = 0; i < Flood; i++)
        {
            listener.Tell(new DeadLetter("lost", TestActor, TestActor));
        }

        await AwaitAssertAsync(() => Assert.Equal(Flood, Count(metrics, "String")));
        lock (logger.Lines)
        {
            Assert.Equal(DeadLetterCounter.LogsPerMinute, logger.Lines.Count);
        }
    }

    [Fact]
    public async Task OnDeadLetter_WhileShuttingDown_CountedAndLoggedAtDebugOnly()
    {
        var metrics = new MetricsRegistry();
        var logger = new ListLogger();
        var listener = Sys.ActorOf(DeadLetterCounter.Props(metrics, logger, TimeProvider.System, shuttingDown: () => true));
        listener.Tell(new DeadLetter("lost", TestActor, TestActor));
        listener.Tell(new DeadLetter("lost", TestActor, TestActor));

        await AwaitAssertAsync(() => Assert.Equal(2, Count(metrics, "String")));
        lock (logger.Lines)
        {
            Assert.Equal(2, logger.Lines.Count);
            Assert.All(logger.Lines, line => Assert.StartsWith("Debug ", line, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task OnDeadLetter_AkkasOwnProtocolMessage_CountedAndLoggedAtInformationOursAtWarning()
    {
        var metrics = new MetricsRegistry();
        var logger = new ListLogger();
        var listener = Sys.ActorOf(DeadLetterCounter.Props(metrics, logger, TimeProvider.System));
        var selection = new Akka.Actor.ActorSelectionMessage(new Akka.Cluster.ClusterEvent.CurrentClusterState(), [], wildCardFanOut: false);

        listener.Tell(new DeadLetter(new Akka.Cluster.ClusterEvent.CurrentClusterState(), TestActor, TestActor));
        listener.Tell(new DeadLetter(selection, TestActor, TestActor));
        listener.Tell(new DeadLetter(new Aggregator.Shared.Cluster.SiteWriteAck(1, 0, 1), TestActor, TestActor));

        await AwaitAssertAsync(() =>
        {
            Assert.Equal(1, Count(metrics, "CurrentClusterState"));
            Assert.Equal(1, Count(metrics, "ActorSelectionMessage"));
            Assert.Equal(1, Count(metrics, "SiteWriteAck"));
        });
        await AwaitAssertAsync(() =>
        {
            lock (logger.Lines)
            {
                Assert.Equal(3, logger.Lines.Count);
                Assert.Equal(2, logger.Lines.Count(l => l.StartsWith("Information ", StringComparison.Ordinal)));
                Assert.Single(logger.Lines, l => l.StartsWith("Warning ", StringComparison.Ordinal) && l.Contains("SiteWriteAck", StringComparison.Ordinal));
            }
        });
    }
}

using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Tiers;
using Aggregator.Tests.Common;

namespace Aggregator.Shared.Tests.Tiers;

public sealed class RuleGroupActorTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private static SeriesStore StoreWithInput() => JobLevelGroup.StoreWithInput(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    [Fact]
    public void Evaluate_SpeaksForItsRing_ForwardsTheResults()
    {
        var forwarder = CreateTestProbe();
        Sys.ActorOf(RuleGroupActor.Props(JobLevelGroup.Evaluator(), StoreWithInput(), Interval, forwarder, new TierMetrics(new MetricsRegistry()), TimeProvider.System,
            forwards: () => true));

        var sent = forwarder.ExpectMsg<ForwardSamples>(TimeSpan.FromSeconds(10));
        Assert.Equal("job:x:sum", Assert.Single(sent.Series).Labels.MetricName);
    }

    [Fact]
    public void Evaluate_AnotherMemberSpeaksForTheRing_StoresTheResultsWithoutForwarding()
    {
        var forwarder = CreateTestProbe();
        var store = StoreWithInput();
        Sys.ActorOf(RuleGroupActor.Props(JobLevelGroup.Evaluator(), store, Interval, forwarder, new TierMetrics(new MetricsRegistry()), TimeProvider.System,
            forwards: () => false));

        AwaitCondition(() => store.SelectSeries(AllSeries.Instance).Any(l => l.MetricName == "job:x:sum"), TimeSpan.FromSeconds(10));
        // Note: several intervals pass; a member that does not speak for its ring never forwards.
        forwarder.ExpectNoMsg(Interval * 5);
    }

    [Fact]
    public void Evaluate_TicksArriveFasterThanTheClockMoves_SkipsAndCountsThemAsMissed()
    {
        var forwarder = CreateTestProbe();
        var registry = new MetricsRegistry();
        var metrics = new TierMetrics(registry);
        // Note: the clock stands still while the timer keeps ticking, as when a stalled process delivers its missed ticks at once.
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow.AddSeconds(1));
        Sys.ActorOf(RuleGroupActor.Props(JobLevelGroup.Evaluator(), StoreWithInput(), Interval, forwarder, metrics, clock, forwards: () => true));

        forwarder.ExpectMsg<ForwardSamples>(TimeSpan.FromSeconds(10));
        AwaitCondition(() => metrics.RuleMissed.WithLabels("job-level").Value >= 3, TimeSpan.FromSeconds(10));
        forwarder.ExpectNoMsg(Interval * 2);
        clock.Advance(Interval);

        forwarder.ExpectMsg<ForwardSamples>(TimeSpan.FromSeconds(10));
        Assert.Equal(2, metrics.RuleEvaluations.WithLabels("job-level").Value);
    }
}

using Akka.Actor;
using Akka.TestKit;
using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.Tiers;
using Aggregator.Tests.Common;

namespace Aggregator.Shared.Tests.Tiers;

/// <summary>
/// A site Node's group evaluates when the polls that feed it land, not on its own timer. Virtual time: Akka's
/// <see cref="TestScheduler"/> fires the group's timers and a <see cref="ManualTimeProvider"/> is its clock; the
/// tests move both together.
/// </summary>
public sealed class RuleGroupActorFreshnessTests : Akka.TestKit.Xunit2.TestKit
{
    private const string VirtualTime = "akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly ManualTimeProvider _time = new();
    private readonly TestProbe _forwarder;
    private readonly long _startMs;

    public RuleGroupActorFreshnessTests()
        : base(VirtualTime)
    {
        _forwarder = CreateTestProbe();
        _startMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
    }

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    private void Advance(TimeSpan by)
    {
        _time.Advance(by);
        Scheduler.Advance(by);
    }

    private async Task<IActorRef> StartAsync(params string[] feeds)
    {
        var store = JobLevelGroup.StoreWithInput(_startMs);
        var group = Sys.ActorOf(RuleGroupActor.Props(JobLevelGroup.Evaluator(), store, Interval, _forwarder, new TierMetrics(new MetricsRegistry()), _time,
            feeds: feeds.ToHashSet()));
        // Note: an actor handles Identify after PreStart, so its fallback timer is armed before the clock moves.
        await group.Ask<ActorIdentity>(new Identify(null));
        return group;
    }

    private long ExpectEvaluationStamp() =>
        Assert.Single(Assert.Single(_forwarder.ExpectMsg<ForwardSamples>(TimeSpan.FromSeconds(5)).Series).Samples).TimestampMs;

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    [Fact]
    public async Task PollLanded_FeedingSource_EvaluatesAtOnce()
    {
        var group = await StartAsync("prom-a");
        Advance(TimeSpan.FromSeconds(7));

        group.Tell(new RuleGroupActor.PollLanded("prom-a"));

        // Note: the scheduler did not move past any timer: the poll alone triggered the evaluation.
        Assert.Equal(NowMs, ExpectEvaluationStamp());
    }

    [Fact]
    public async Task PollLanded_NotAFeed_DoesNotEvaluate()
    {
        var group = await StartAsync("prom-a");

        group.Tell(new RuleGroupActor.PollLanded("prom-b"));

        _forwarder.ExpectNoMsg(Quiet);
    }

    [Fact]
    public async Task PollLanded_TwoFeeds_EvaluatesOnceBothLanded()
    {
        var group = await StartAsync("prom-a", "prom-b");

        group.Tell(new RuleGroupActor.PollLanded("prom-a"));
        _forwarder.ExpectNoMsg(Quiet);
        Advance(TimeSpan.FromSeconds(3));
        group.Tell(new RuleGroupActor.PollLanded("prom-b"));

        Assert.Equal(_startMs + 3_000, ExpectEvaluationStamp());
    }

    [Fact]
    public async Task Fallback_NoPollLands_EvaluatesAtIntervalPlusSlack()
    {
        await StartAsync("prom-a");

        Advance(Interval);
        _forwarder.ExpectNoMsg(Quiet);
        Advance(Interval / 4);

        Assert.Equal(_startMs + 75_000, ExpectEvaluationStamp());
    }

    [Fact]
    public async Task PollLanded_FasterThanTheInterval_EvaluatesOncePerIntervalLessSlack()
    {
        var group = await StartAsync("prom-a");
        group.Tell(new RuleGroupActor.PollLanded("prom-a"));
        Assert.Equal(_startMs, ExpectEvaluationStamp());

        // Note: polled every 15 s, evaluated every 60 s: the polls at 15 and 30 s do not evaluate; at 45 s
        // (one interval less the slack) the group is due and evaluates what has landed.
        Advance(TimeSpan.FromSeconds(15));
        group.Tell(new RuleGroupActor.PollLanded("prom-a"));
        _forwarder.ExpectNoMsg(Quiet);
        Advance(TimeSpan.FromSeconds(15));
        group.Tell(new RuleGroupActor.PollLanded("prom-a"));
        _forwarder.ExpectNoMsg(Quiet);
        Advance(TimeSpan.FromSeconds(15));

        Assert.Equal(_startMs + 45_000, ExpectEvaluationStamp());
    }

    [Fact]
    public async Task PollLanded_AfterAnEvaluation_PostponesTheFallback()
    {
        var group = await StartAsync("prom-a");
        Advance(TimeSpan.FromSeconds(10));
        group.Tell(new RuleGroupActor.PollLanded("prom-a"));
        Assert.Equal(_startMs + 10_000, ExpectEvaluationStamp());

        // Note: the fallback armed at start (75 s) was replaced by one at 10 + 75 s.
        Advance(TimeSpan.FromSeconds(70));
        _forwarder.ExpectNoMsg(Quiet);
        Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(_startMs + 85_000, ExpectEvaluationStamp());
    }
}

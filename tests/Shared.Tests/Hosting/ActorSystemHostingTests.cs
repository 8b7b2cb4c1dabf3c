using Aggregator.Shared.Hosting;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Tests.Hosting;

public class ActorSystemHostingTests
{
    private static NodeContext Context(string id, string? ring)
    {
        var text = $$"""
            aggregator {
              rings.{{ring ?? "global"}}.members = [agg]
              nodes.agg { role = aggregator, ring = {{ring ?? "global"}}, url = "http://127.0.0.1:1" }
              nodes."{{id}}" { role = node, parent = {{ring ?? "global"}}, url = "http://127.0.0.1:2" }
            }
            """;
        var result = TopologyLoader.LoadText(text, "t.hocon", Path.GetTempPath(), _ => null);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return new NodeContext(result.Topology!, result.Topology!.FindNode(ring is null ? id : "agg")!);
    }

    [Fact]
    public void SystemName_RingMember_IsItsRingSoEveryMemberSharesIt() =>
        Assert.Equal("eu-west", ActorSystemHosting.SystemName(Context("dc1", "eu-west")));

    [Theory]
    [InlineData("dc1", "dc1")]
    [InlineData("dc1.prod", "dc1-prod")]
    [InlineData("_site", "asite")]
    public void SystemName_SiteNode_IsItsIdWithCharactersAkkaRefusesReplaced(string id, string expected) =>
        Assert.Equal(expected, ActorSystemHosting.SystemName(Context(id, null)));

    [Fact]
    public void Settings_SiteNode_SchedulesOnTimersThatFireOnlyWhenDue()
    {
        var config = Akka.Configuration.ConfigurationFactory.ParseString(ActorSystemHosting.Settings(Context("dc1", null)));

        Assert.Equal(typeof(TimerQueueScheduler).FullName + ", Aggregator.Shared", config.GetString("akka.scheduler.implementation"));
    }

    [Fact]
    public void Settings_RingMember_KeepsAkkasWheelForItsClusterTimers()
    {
        var config = Akka.Configuration.ConfigurationFactory.ParseString(ActorSystemHosting.Settings(Context("dc1", "eu-west")));

        Assert.False(config.HasPath("akka.scheduler.implementation"));
        Assert.Equal(TimeSpan.FromMilliseconds(250), config.GetTimeSpan("akka.scheduler.tick-duration"));
    }
}

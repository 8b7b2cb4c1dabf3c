using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Tests.Topology;

public class LimitsConfigTests
{
    private static TopologyLoadResult Load(string limitsBlocks) => TopologyLoader.LoadText($$"""
        aggregator {
          {{limitsBlocks}}
          rings.global { members = [a] }
          nodes {
            a { role = aggregator, ring = global, url = "http://a:1" }
            s { role = node, parent = global, url = "http://s:1" }
          }
        }
        """, "t.hocon", Path.GetTempPath(), _ => null);

    [Fact]
    public void Load_NoLimitsGiven_ReferenceDefaultsEqualRecordDefaults()
    {
        var result = Load("");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var topology = result.Topology!;
        Assert.Equal(LimitsConfig.Default, topology.Limits);
        Assert.Equal(LimitsConfig.Default, topology.Rings[0].Limits);
        Assert.Equal(LimitsConfig.Default, topology.FindNode("s")!.Limits);
        Assert.Equal(ServerConfig.Default, topology.Server);
        Assert.Equal((1024, 2048, TimeSpan.FromMinutes(10)), (topology.Limits.LabelNameLength, topology.Limits.LabelValueLength, topology.Limits.SampleFutureGrace));
    }

    [Fact]
    public void Load_TreeRingAndNodeBlocks_EachOverridesTheOneAbove()
    {
        var result = Load("""
            limits { label-value-length = 100, series-per-site = 50 }
            rings.global.limits { label-value-length = 200 }
            nodes.a.limits { match-per-request = 3 }
            nodes.s.limits { series-per-site = 7 }
            server { max-connections = 10, min-data-rate = 0 }
            """);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var topology = result.Topology!;
        Assert.Equal((100, 50L), (topology.Limits.LabelValueLength, topology.Limits.SeriesPerSite));
        Assert.Equal((200, 50L), (topology.Rings[0].Limits.LabelValueLength, topology.Rings[0].Limits.SeriesPerSite));
        var member = topology.FindNode("a")!.Limits;
        Assert.Equal((200, 3), (member.LabelValueLength, member.MatchPerRequest));
        var site = topology.FindNode("s")!.Limits;
        Assert.Equal((100, 7L, 256), (site.LabelValueLength, site.SeriesPerSite, site.MatchPerRequest));
        Assert.Equal((10L, 0.0), (topology.Server.MaxConnections, topology.Server.MinDataRate));
    }

    [Fact]
    public void Load_BadLimits_EveryProblemReportedWithPosition()
    {
        var result = Load("""
            limits { label-name-length = 0 }
            rings.global.limits { sample-future-grace = soon }
            nodes.s.limits { series-per-sites = 1, series-per-site = -1 }
            server { request-headers-timeout = 0s }
            """);

        Assert.False(result.IsValid);
        var errors = string.Join("\n", result.Errors);
        Assert.Contains("t.hocon:2:", errors);
        Assert.Contains("aggregator.limits.label-name-length: expected a positive number, got 0", errors);
        Assert.Contains("aggregator.rings.global.limits.sample-future-grace", errors);
        Assert.Contains("unknown key 'series-per-sites' (did you mean 'series-per-site'?)", errors);
        Assert.Contains("aggregator.nodes.s.limits.series-per-site: expected 0 (no limit) or a positive number, got -1", errors);
        Assert.Contains("aggregator.server.request-headers-timeout: expected a positive duration", errors);
    }

    [Fact]
    public void ForRemoteWrite_Limits_CarryEveryFigureToTheReceiver()
    {
        var limits = LimitsConfig.Default with { RequestBodySize = 1000, DecodedBodySize = 2000, LabelValueLength = 5, SampleMaxAge = TimeSpan.FromHours(1) };

        var receiver = limits.ForRemoteWrite();

        Assert.Equal((1000L, 2000, 5, TimeSpan.FromHours(1)), (receiver.MaxCompressedBytes, receiver.MaxDecodedBytes, receiver.MaxLabelValueBytes, receiver.MaxSampleAge));
        Assert.False(receiver.AcceptNativeHistograms);
    }

    [Fact]
    public void Load_ForwardQueue_DefaultsFromReferenceAndOverridablePerNode()
    {
        var result = Load("nodes.s.forward-queue { max-bytes = 64KiB, segment-bytes = 8KiB }");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(ForwardQueueConfig.Default, result.Topology!.FindNode("a")!.ForwardQueue);
        Assert.Equal((256L * 1024 * 1024, 16L * 1024 * 1024), (ForwardQueueConfig.Default.MaxBytes, ForwardQueueConfig.Default.SegmentBytes));
        Assert.Equal((64L * 1024, 8L * 1024), (result.Topology.FindNode("s")!.ForwardQueue.MaxBytes, result.Topology.FindNode("s")!.ForwardQueue.SegmentBytes));
    }

    [Fact]
    public void Load_BadForwardQueue_EveryProblemNamed()
    {
        var result = Load("""
            nodes.s.forward-queue { max-bytes = 10KiB, segment-bytes = 8KiB }
            nodes.a.forward-queue { segment-bytes = 100, max-byte = 1 }
            """);

        Assert.False(result.IsValid);
        var errors = string.Join("\n", result.Errors);
        Assert.Contains("aggregator.nodes.s.forward-queue.max-bytes: expected at least twice segment-bytes (16384), got 10240", errors);
        Assert.Contains("aggregator.nodes.a.forward-queue.segment-bytes: expected at least 1KiB, got 100", errors);
        Assert.Contains("unknown key 'max-byte' (did you mean 'max-bytes'?)", errors);
    }

    [Theory]
    [InlineData("1s")]
    [InlineData("500ms")]
    [InlineData("0s")]
    public void Load_MinDataRateGraceOfOneSecondOrLess_RefusedBeforeKestrelWouldCrash(string grace)
    {
        var result = Load($"server {{ min-data-rate-grace = {grace} }}");

        Assert.False(result.IsValid);
        Assert.Contains("aggregator.server.min-data-rate-grace: expected more than 1s (Kestrel's minimum)", string.Join("\n", result.Errors));
    }
}

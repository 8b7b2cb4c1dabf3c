using Aggregator.Shared.Scraping;

namespace Aggregator.Shared.Tests.Scraping;

public class ReplicaSetTests
{
    private static readonly Uri A = new("http://a:9090"), B = new("http://b:9090"), C = new("http://c:9090");

    [Fact]
    public void Candidates_ActiveFirstThenRoundRobin()
    {
        var set = new ReplicaSet([A, B, C], 3);
        Assert.Equal([0, 1, 2], set.Candidates());
        set.ReportSuccess(2, 1000);
        Assert.Equal([2, 0, 1], set.Candidates());
        Assert.Equal(C, set.Active);
        Assert.Equal(1, set.Failovers);
    }

    [Fact]
    public void ReportSuccess_TimestampStuck_SwitchesToNextAfterN()
    {
        var set = new ReplicaSet([A, B], 2);
        Assert.False(set.ReportSuccess(0, 1000));
        Assert.False(set.ReportSuccess(0, 1000));
        Assert.True(set.ReportSuccess(0, 999));
        Assert.Equal(B, set.Active);
    }

    [Fact]
    public void ReportSuccess_TimestampAdvancing_StaysAndResetsCount()
    {
        var set = new ReplicaSet([A, B], 2);
        set.ReportSuccess(0, 1000);
        set.ReportSuccess(0, 1000);
        Assert.False(set.ReportSuccess(0, 2000));
        Assert.False(set.ReportSuccess(0, 2000));
        Assert.Equal(A, set.Active);
    }

    [Fact]
    public void ReportSuccess_SingleReplicaOrCheckDisabled_NeverSwitches()
    {
        var single = new ReplicaSet([A], 1);
        var disabled = new ReplicaSet([A, B], 0);
        for (int i = 0; i < 5; i++)
        {
            Assert.False(single.ReportSuccess(0, 1000));
            Assert.False(disabled.ReportSuccess(0, 1000));
        }
        Assert.Equal(A, disabled.Active);
    }
}

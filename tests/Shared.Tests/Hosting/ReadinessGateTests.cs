using Aggregator.Shared.Hosting;

namespace Aggregator.Shared.Tests.Hosting;

public class ReadinessGateTests
{
    [Fact]
    public void IsReady_AfterStartWithoutHolds_IsTrue()
    {
        var gate = new ReadinessGate();
        Assert.False(gate.IsReady);
        Assert.Equal(["starting"], gate.Reasons);
        gate.MarkStarted();
        Assert.True(gate.IsReady);
        Assert.Empty(gate.Reasons);
    }

    [Fact]
    public void Hold_KeepsNotReadyUntilEveryHoldIsReleased()
    {
        var gate = new ReadinessGate();
        gate.MarkStarted();
        var a = gate.Hold("scrapers");
        var b = gate.Hold("rules");
        Assert.False(gate.IsReady);
        Assert.Equal(["scrapers", "rules"], gate.Reasons);
        a.Dispose();
        a.Dispose();
        Assert.Equal(["rules"], gate.Reasons);
        b.Dispose();
        Assert.True(gate.IsReady);
    }
}

using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Tests.Topology;

public class DurationTextTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(15_000, "15s")]
    [InlineData(300_000, "5m")]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(250, "250ms")]
    [InlineData(90_061_001, "1d1h1m1s1ms")]
    public void Format_Durations_ReadLikeConfig(long milliseconds, string expected) =>
        Assert.Equal(expected, DurationText.Format(TimeSpan.FromMilliseconds(milliseconds)));
}

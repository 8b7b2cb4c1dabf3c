using Aggregator.Shared.Hocon;

namespace Aggregator.Shared.Tests.Hocon;

public class HoconUnitsTests
{
    [Theory]
    [InlineData("15s", 15_000)]
    [InlineData("1m", 60_000)]
    [InlineData("1.5 minutes", 90_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("500ms", 500)]
    [InlineData("500", 500)]
    [InlineData("1000us", 1)]
    [InlineData("2000000ns", 2)]
    [InlineData(" 10 seconds ", 10_000)]
    public void TryParseDuration_Units_MatchTheSpec(string text, double milliseconds)
    {
        Assert.True(HoconUnits.TryParseDuration(text, out var duration, out var error), error);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("15S")]
    [InlineData("5 fortnights")]
    [InlineData("s")]
    [InlineData("1h30m")]
    public void TryParseDuration_Invalid_SaysWhy(string text)
    {
        Assert.False(HoconUnits.TryParseDuration(text, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData("64MiB", 67_108_864L)]
    [InlineData("64M", 67_108_864L)]
    [InlineData("1kB", 1_000L)]
    [InlineData("1K", 1_024L)]
    [InlineData("1 kibibytes", 1_024L)]
    [InlineData("10", 10L)]
    [InlineData("2GB", 2_000_000_000L)]
    [InlineData("1.5KiB", 1_536L)]
    public void TryParseSize_Units_MatchTheSpec(string text, long bytes)
    {
        Assert.True(HoconUnits.TryParseSize(text, out var parsed, out var error), error);
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("64 MIB")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("100000EiB")]
    public void TryParseSize_Invalid_SaysWhy(string text)
    {
        Assert.False(HoconUnits.TryParseSize(text, out _, out var error));
        Assert.NotEmpty(error);
    }
}

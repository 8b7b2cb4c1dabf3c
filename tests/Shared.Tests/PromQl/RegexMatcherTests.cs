using System.Text.RegularExpressions;
using Aggregator.Shared.PromQl;

namespace Aggregator.Shared.Tests.PromQl;

public class RegexMatcherTests
{
    [Fact]
    public void TryCreate_SameSourceTwice_ReturnsTheCachedMatcher()
    {
        Assert.True(RegexMatcher.TryCreate("job:(a|b)+x", out var first, out _));
        Assert.True(RegexMatcher.TryCreate("job:(a|b)+x", out var second, out _));

        Assert.Same(first, second);
    }

    [Fact]
    public void TryCreate_MoreSourcesThanTheCacheHolds_StillMatchesEach()
    {
        var sources = Enumerable.Range(0, RegexMatcher.CacheCapacity + 10).Select(i => $"m{i}_(x|y)").ToList();

        var matchers = sources.Select(s => RegexMatcher.TryCreate(s, out var m, out _) ? m! : throw new InvalidOperationException(s)).ToList();

        Assert.All(Enumerable.Range(0, sources.Count), i => Assert.True(matchers[i].IsMatch($"m{i}_y") && !matchers[i].IsMatch($"m{i}_z")));
    }

    [Fact]
    public void TryCreate_InvalidSource_FailsEveryTimeWithItsError()
    {
        Assert.False(RegexMatcher.TryCreate("a(b", out var first, out var error));
        Assert.False(RegexMatcher.TryCreate("a(b", out var second, out var again));

        Assert.Null(first);
        Assert.Null(second);
        Assert.Equal(error, again);
        Assert.StartsWith("error parsing regexp", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".*")]
    [InlineData(".+")]
    [InlineData("job:x")]
    [InlineData("job:.*")]
    [InlineData("a|b|job:x")]
    [InlineData("job:.+")]
    public void IsMatch_FastPathShapes_AgreeWithTheAnchoredRegex(string source)
    {
        Assert.True(RegexMatcher.TryCreate(source, out var matcher, out _));
        var regex = new Regex("^(?s:" + source + @")\z", RegexOptions.CultureInvariant);

        foreach (var value in new[] { "", "a", "b", "job:", "job:x", "job:xy", "xjob:x", "job:x\n", "c" })
        {
            Assert.Equal(regex.IsMatch(value), matcher!.IsMatch(value));
        }
    }
}

using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl;

namespace Aggregator.Shared.Tests.PromQl;

public class LabelMatcherTests
{
    [Theory]
    [InlineData(LabelMatchType.Equal, "a", "a", true)]
    [InlineData(LabelMatchType.Equal, "a", "", false)]
    [InlineData(LabelMatchType.Equal, "", "", true)]
    [InlineData(LabelMatchType.NotEqual, "a", "b", true)]
    [InlineData(LabelMatchType.RegexMatch, "a.*", "abc", true)]
    [InlineData(LabelMatchType.RegexMatch, "b", "abc", false)]
    [InlineData(LabelMatchType.RegexMatch, "a|b", "ab", false)]
    [InlineData(LabelMatchType.RegexMatch, "foo$", "foo\n", false)]
    [InlineData(LabelMatchType.RegexMatch, ".*", "a\nb", true)]
    [InlineData(LabelMatchType.RegexMatch, "a.c", "a\nc", true)]
    [InlineData(LabelMatchType.RegexMatch, "\\d+", "٣", false)]
    [InlineData(LabelMatchType.RegexMatch, "\\d+", "123", true)]
    [InlineData(LabelMatchType.RegexMatch, "[[:alpha:]]+", "abC", true)]
    [InlineData(LabelMatchType.RegexMatch, "(?P<x>a)b", "ab", true)]
    [InlineData(LabelMatchType.RegexMatch, "(?i)ABC", "abc", true)]
    [InlineData(LabelMatchType.RegexMatch, "^.$", "😀", true)]
    [InlineData(LabelMatchType.RegexMatch, "\\Qa.b\\E", "axb", false)]
    [InlineData(LabelMatchType.RegexMatch, ".+", "", false)]
    [InlineData(LabelMatchType.RegexNoMatch, "a.*", "b", true)]
    [InlineData(LabelMatchType.RegexNoMatch, "", "", false)]
    public void Matches_Value_FollowsPrometheusSemantics(LabelMatchType type, string pattern, string value, bool expected)
    {
        var m = LabelMatcher.Create(type, "l", pattern);
        Assert.Equal(expected, m.Matches(value));
    }

    [Theory]
    [InlineData("(?=a)")]
    [InlineData("(a)\\1")]
    [InlineData("(")]
    [InlineData("[a")]
    [InlineData("*")]
    public void TryCreate_InvalidOrUnsupportedRegex_FailsWithGoWording(string pattern)
    {
        Assert.False(LabelMatcher.TryCreate(LabelMatchType.RegexMatch, "l", pattern, out _, out var error));
        Assert.StartsWith("error parsing regexp: ", error);
    }

    [Fact]
    public void Matches_AbsentLabel_IsEmptyValue()
    {
        var series = LabelSet.Of("__name__", "up", "job", "a");
        Assert.True(LabelMatcher.Create(LabelMatchType.Equal, "foo", "").Matches(series));
        Assert.False(LabelMatcher.Create(LabelMatchType.Equal, "job", "").Matches(series));
        Assert.Equal("job=~\"a\\\\.b\"", LabelMatcher.Create(LabelMatchType.RegexMatch, "job", "a\\.b").ToString());
    }
}

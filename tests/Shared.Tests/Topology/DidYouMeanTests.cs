using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Tests.Topology;

public class DidYouMeanTests
{
    [Theory]
    [InlineData("intervl", " (did you mean 'interval'?)")]
    [InlineData("sorces", " (did you mean 'sources'?)")]
    [InlineData("rule-flies", " (did you mean 'rule-files'?)")]
    [InlineData("replicas", "")]
    [InlineData("x", "")]
    public void Hint_CloseOrFar_SuggestsOnlyClose(string written, string expected) =>
        Assert.Equal(expected, DidYouMean.Hint(written, ["interval", "sources", "rule-files", "replication-factor", "url"]));

    [Theory]
    [InlineData("abc", "abc", 0)]
    [InlineData("abc", "acb", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void Distance_KnownPairs_MatchesEditDistance(string a, string b, int distance) =>
        Assert.Equal(distance, DidYouMean.Distance(a, b));
}

using Aggregator.Shared.PromQl;
using Aggregator.Shared.PromQl.Ast;
using Aggregator.Tests.Common;

namespace Aggregator.Shared.Tests.PromQl;

public class PromQlParserTests
{
    [Theory]
    [InlineData("-not-a-valid-metric-name", "1:1: parse error: unexpected <op:->")]
    [InlineData("not-a-valid-metric-name", "1:4: parse error: unexpected <op:->")]
    [InlineData("", "1:1: parse error: unexpected end of input")]
    [InlineData("{", "1:2: parse error: unexpected end of input inside braces")]
    [InlineData("up @ 100", "1:4: parse error: unexpected \"<Item 57385>\" <op:@>")]
    [InlineData("up[5m]", "1:3: parse error: unexpected \"[\"")]
    [InlineData("sum(up)", "1:4: parse error: unexpected \"(\"")]
    [InlineData("up{foo}", "1:7: parse error: unexpected \"}\" in label matching, expected label matching operator")]
    [InlineData("up{foo=}", "1:8: parse error: unexpected \"}\" in label matching, expected string")]
    [InlineData("up{foo=\"a\" bar=\"b\"}", "1:12: parse error: unexpected identifier \"bar\" in label matching, expected \",\" or \"}\"")]
    [InlineData("up{,}", "1:4: parse error: unexpected \",\" in label matching, expected identifier or \"}\"")]
    [InlineData("up{foo=\"a}", "1:8: parse error: unterminated quoted string")]
    [InlineData("up}", "1:3: parse error: unexpected character: '}'")]
    [InlineData("up{foo=~\"(\"}", "1:4: parse error: error parsing regexp: missing closing ): `(`")]
    [InlineData("up offset 5m", "1:4: parse error: unexpected <offset>")]
    [InlineData("up\n{a=\"b\"} x", "2:9: parse error: unexpected identifier \"x\"")]
    public void ParseMetricSelector_Invalid_ReportsPrometheusError(string input, string expected)
    {
        var e = Assert.Throws<PromQlParseException>(() => PromQlParser.ParseMetricSelector(input));
        Assert.Equal(expected, e.Message);
    }

    [ConformanceFact]
    public void ParseMetricSelector_GoldenFederateErrors_MatchPrometheusBodies()
    {
        var dir = Path.Combine(RepoPaths.Conformance, "federate-golden-2.42");
        int checkedCount = 0;
        foreach (var request in Directory.GetFiles(dir, "*.request.txt"))
        {
            var bodyPath = request.Replace(".request.txt", ".body.txt", StringComparison.Ordinal);
            var body = File.Exists(bodyPath) ? File.ReadAllText(bodyPath) : string.Empty;
            if (!body.Contains("parse error", StringComparison.Ordinal))
            {
                continue;
            }
            var line = File.ReadLines(request).First();
            var query = line.Split(' ')[1];
            var values = query[(query.IndexOf('?') + 1)..].Split('&')
                .Where(p => p.StartsWith("match[]=", StringComparison.Ordinal))
                .Select(p => Uri.UnescapeDataString(p["match[]=".Length..]));
            string? error = null;
            foreach (var v in values)
            {
                try
                {
                    PromQlParser.ParseMetricSelector(v);
                }
                catch (PromQlParseException e)
                {
                    error = e.Message;
                    break;
                }
            }
            if (body.Contains("unexpected string \"\\\"", StringComparison.Ordinal))
            {
                // Note: 2.42 rejects quoted names; 3.x (and we) accept them (FEDERATE_SPEC §2).
                Assert.Null(error);
                continue;
            }
            Assert.Equal(body.TrimEnd('\n'), error);
            checkedCount++;
        }
        Assert.True(checkedCount >= 3, $"only {checkedCount} golden error cases found");
    }

    [Theory]
    [InlineData("up", 1)]
    [InlineData("{__name__=~\"job:.*\"}", 1)]
    [InlineData("up{job=\"a\",instance!=\"b\",}", 3)]
    [InlineData("{\"up\"}", 1)]
    [InlineData("{\"my.metric\", \"a.b\"=~'x|y'}", 2)]
    [InlineData("{foo=\"\"}", 1)]
    [InlineData("sum", 1)]
    [InlineData("job:up:rate5m{a=`raw\\n`}", 2)]
    public void ParseMetricSelector_Valid_ReturnsMatchers(string input, int count)
    {
        var matchers = PromQlParser.ParseMetricSelector(input);
        Assert.Equal(count, matchers.Count);
    }

    [Fact]
    public void ParseMetricSelector_EscapesAndName_AreUnquoted()
    {
        var m = PromQlParser.ParseMetricSelector("up{a=\"x\\\"y\\n\\u00e9\\x41\"}");
        Assert.Equal("__name__", m[0].Name);
        Assert.Equal("up", m[0].Value);
        Assert.Equal("x\"y\néA", m[1].Value);
    }

    [Theory]
    [InlineData("sum by (job) (rate(x[1m]))", "sum by (job) (rate(x[1m]))")]
    [InlineData("histogram_quantile(0.99, sum by (job, le) (rate(a_bucket[1m])))", "histogram_quantile(0.99, sum by (job, le) (rate(a_bucket[1m])))")]
    [InlineData("a + on(b) group_left(c) d", "a + on(b) group_left(c) d")]
    [InlineData("-2 ^ 2", "-4")]
    [InlineData("1 + 2 * 3", "1 + 2 * 3")]
    [InlineData("foo offset 5m @ 100", "foo offset 5m @ 100.000")]
    [InlineData("rate(foo[5m] offset -1m)", "rate(foo[5m] offset -1m)")]
    [InlineData("max_over_time(rate(x[1m])[5m:30s])", "max_over_time(rate(x[1m])[5m:30s])")]
    public void ParseExpr_Valid_RoundTrips(string input, string expected)
    {
        var e = PromQlParser.ParseExpr(input);
        if (expected == "-4")
        {
            Assert.IsType<UnaryExpr>(e);
            return;
        }
        Assert.Equal(expected, e.ToString());
    }

    [Theory]
    [InlineData("", "1:1: parse error: no expression found in input")]
    [InlineData("sum(", "1:5: parse error: unclosed left parenthesis")]
    [InlineData("foo(up)", "1:1: parse error: unknown function with name \"foo\"")]
    [InlineData("rate(up)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector")]
    [InlineData("1 > 2", "1:1: parse error: comparisons between scalars must use BOOL modifier")]
    [InlineData("{}", "1:1: parse error: vector selector must contain at least one non-empty matcher")]
    [InlineData("(up)[5m]", "1:5: parse error: ranges only allowed for vector selectors")]
    [InlineData("up[5x]", "1:4: parse error: bad duration syntax: \"5\"")]
    [InlineData("topk(up)", "1:5: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1")]
    [InlineData("1 and up", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression")]
    public void ParseExpr_Invalid_ReportsPositionAndReason(string input, string expected)
    {
        var e = Assert.Throws<PromQlParseException>(() => PromQlParser.ParseExpr(input));
        Assert.Equal(expected, e.Message);
    }
}

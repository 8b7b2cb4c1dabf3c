using Aggregator.Shared.Exposition;
using Aggregator.Shared.PromQl;
using FsCheck;
using FsCheck.Fluent;

namespace Aggregator.Shared.Tests.Fuzzing;

/// <summary>The PromQL and selector parser, the RE2 translation and the Accept header: any input ends in a result or the documented error type.</summary>
public class ParserFuzzTests
{
    private static readonly string[] PromQlPieces =
    [
        "up", "sum", "rate(", "by", "without", "(", ")", "{", "}", "[", "]", "5m", ":", "1m", ",", "job", "=", "!=", "=~", "!~",
        "\"a\"", "\".*\"", "'x'", "+", "-", "*", "/", "^", "%", "and", "or", "unless", "on", "ignoring", "group_left", "bool",
        "offset", "@", "1.5", "NaN", "Inf", "0x1F", "1e3", "#", "\n", " ", "\\", "histogram_quantile(", "topk(", "__name__", "\"",
    ];

    private static readonly string[] RegexPieces =
    [
        "a", ".", "*", "+", "?", "{", "}", "{2}", "{1001}", "{2,5}", "{5,2}", "{,3}", "(", ")", "(?:", "(?P<n>", "(?i)", "[", "]", "[^",
        "[:alpha:]", "\\d", "\\w", "\\s", "\\pL", "\\p{Greek}", "\\Q", "\\E", "|", "^", "$", "\\", "\\1", "(?=", "\\b", "-", "😀",
    ];

    [Fact]
    public void ParseExpr_AnyText_ExpressionOrPromQlParseException()
    {
        Prop.ForAll(FuzzSettings.Tokens(PromQlPieces).ToArbitrary(), text =>
        {
            try
            {
                PromQlParser.ParseExpr(text);
            }
            catch (PromQlParseException)
            {
            }
        }).Check(FuzzSettings.Config);
    }

    [Fact]
    public void ParseMetricSelector_AnyText_MatchersOrPromQlParseException()
    {
        Prop.ForAll(FuzzSettings.Tokens(PromQlPieces).ToArbitrary(), text =>
        {
            try
            {
                var matchers = PromQlParser.ParseMetricSelector(text);
                Assert.NotNull(matchers);
            }
            catch (PromQlParseException e)
            {
                Assert.False(string.IsNullOrEmpty(e.Message));
            }
        }).Check(FuzzSettings.Config);
    }

    [Fact]
    public void RegexMatcher_AnyPattern_MatcherThatNeverThrowsOrGoWordedError()
    {
        var gen = from pattern in FuzzSettings.Tokens(RegexPieces)
                  from value in ArbMap.Default.GeneratorFor<string>()
                  select (pattern, value: value ?? "");
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            if (RegexMatcher.TryCreate(t.pattern, out var matcher, out var error))
            {
                _ = matcher!.IsMatch(t.value);
                _ = matcher.IsMatch(t.pattern);
            }
            else
            {
                Assert.StartsWith("error parsing regexp: ", error);
            }
        }).Check(FuzzSettings.Config);
    }

    [Fact]
    public void Negotiate_AnyAcceptHeader_AFormatAndNeverThrows()
    {
        var pieces = new[] { "application/openmetrics-text", "text/plain", "application/vnd.google.protobuf", ";", ",", "q=", "0.5", "1", "version=", "0.0.4", "1.0.0", "proto=io.prometheus.client.MetricFamily", "encoding=delimited", "*/*", " ", "\"", "gzip", "identity", "deflate", "q=0" };
        var gen = from accept in FuzzSettings.Tokens(pieces)
                  from encoding in FuzzSettings.Tokens(pieces)
                  from openMetrics in ArbMap.Default.GeneratorFor<bool>()
                  select (accept, encoding, openMetrics);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var negotiated = ContentNegotiation.Negotiate(t.accept, t.encoding, t.openMetrics);
            Assert.False(string.IsNullOrEmpty(negotiated.ContentType));
            _ = AcceptHeader.Parse(t.accept);
        }).Check(FuzzSettings.Config);
    }
}

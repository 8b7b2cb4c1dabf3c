using Aggregator.Shared.Exposition;
using Aggregator.Tests.Common;

namespace Aggregator.Shared.Tests.Exposition;

public class ContentNegotiationTests
{
    private static string Golden => Path.Combine(RepoPaths.Conformance, "federate-golden-2.42");

    /// <summary>Every golden capture's Accept / Accept-Encoding gives the captured Content-Type and Content-Encoding.</summary>
    [ConformanceTheory]
    [InlineData("01_job_app_text_noaccept")]
    [InlineData("15_accept_proto_delimited")]
    [InlineData("16_accept_proto_text")]
    [InlineData("17_accept_proto_compact")]
    [InlineData("18_accept_openmetrics_only")]
    [InlineData("19_accept_star")]
    [InlineData("20_accept_scrape_header_2.42")]
    [InlineData("21_accept_scrape_header_2.42_proto")]
    [InlineData("22_accept_scrape_header_3x")]
    [InlineData("23_accept_text_v1")]
    [InlineData("24_gzip")]
    [InlineData("25_gzip_qvalue")]
    [InlineData("26_deflate_then_gzip")]
    public void Negotiate_GoldenRequest_MatchesPrometheusHeaders(string capture)
    {
        var request = File.ReadAllLines(Path.Combine(Golden, capture + ".request.txt"));
        var response = File.ReadAllLines(Path.Combine(Golden, capture + ".response_headers.txt"));
        string? Header(string[] lines, string name) =>
            lines.Where(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
                .Select(l => l[(name.Length + 1)..].Trim()).FirstOrDefault();

        var negotiated = ContentNegotiation.Negotiate(Header(request, "Accept"), Header(request, "Accept-Encoding"));

        Assert.Equal(Header(response, "Content-Type"), negotiated.ContentType);
        Assert.Equal(Header(response, "Content-Encoding"), negotiated.ContentEncodingHeader);
    }

    [Theory]
    [InlineData(null, ExpositionFormat.Text)]
    [InlineData("", ExpositionFormat.Text)]
    [InlineData("*/*", ExpositionFormat.Text)]
    [InlineData("application/openmetrics-text;version=1.0.0", ExpositionFormat.Text)]
    [InlineData("text/plain;version=1.0.0", ExpositionFormat.Text)]
    [InlineData("Text/Plain;version=0.0.4", ExpositionFormat.Text)]
    [InlineData("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited", ExpositionFormat.ProtobufDelimited)]
    [InlineData("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily", ExpositionFormat.Text)]
    [InlineData("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=\"delimited\"", ExpositionFormat.Text)]
    public void NegotiateFormat_Accept_FallsBackToText(string? accept, ExpositionFormat expected)
    {
        Assert.Equal(expected, ContentNegotiation.NegotiateFormat(accept));
    }

    /// <summary>Quirk: clauses are ordered by q; a lower-q text clause loses to a higher-q protobuf clause listed later.</summary>
    [Fact]
    public void NegotiateFormat_HigherQualityLater_Wins()
    {
        var accept = "text/plain;version=0.0.4;q=0.3,application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=compact-text;q=0.7";
        Assert.Equal(ExpositionFormat.ProtobufCompactText, ContentNegotiation.NegotiateFormat(accept));
    }

    /// <summary>Quirk: goautoneg parses q untrimmed; "q= 0.9" is a syntax error, so the clause gets q=0.</summary>
    [Fact]
    public void NegotiateFormat_QWithSpace_CountsAsZero()
    {
        var accept = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q= 0.9,text/plain;q=0.1";
        Assert.Equal(ExpositionFormat.Text, ContentNegotiation.NegotiateFormat(accept));
    }

    /// <summary>Quirk: a media range without '/' is dropped entirely.</summary>
    [Fact]
    public void NegotiateFormat_MalformedClause_Ignored()
    {
        var accept = "garbage;q=1,application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text;q=0.2";
        Assert.Equal(ExpositionFormat.ProtobufText, ContentNegotiation.NegotiateFormat(accept));
    }

    [Fact]
    public void Negotiate_OpenMetricsAllowed_ChoosesOpenMetricsForMetricsEndpoint()
    {
        var n = ContentNegotiation.Negotiate("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5", null, allowOpenMetrics: true);
        Assert.Equal(ExpositionFormat.OpenMetrics, n.Format);
        Assert.Equal(ContentNegotiation.OpenMetricsContentType, n.ContentType);
    }

    [Theory]
    [InlineData("gzip", ContentEncoding.Gzip)]
    [InlineData(" gzip ", ContentEncoding.Gzip)]
    [InlineData("gzip;q=1.0", ContentEncoding.Identity)]
    [InlineData("br, deflate, gzip", ContentEncoding.Deflate)]
    [InlineData("GZIP", ContentEncoding.Identity)]
    [InlineData("identity", ContentEncoding.Identity)]
    [InlineData(null, ContentEncoding.Identity)]
    public void NegotiateEncoding_Header_LiteralFirstMatch(string? header, ContentEncoding expected)
    {
        Assert.Equal(expected, ContentNegotiation.NegotiateEncoding(header));
    }

    [Theory]
    [InlineData(null, ExpositionFormat.Text)]
    [InlineData("text/plain; version=0.0.4", ExpositionFormat.Text)]
    [InlineData("application/openmetrics-text; version=1.0.0; charset=utf-8", ExpositionFormat.OpenMetrics)]
    [InlineData("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited", ExpositionFormat.ProtobufDelimited)]
    [InlineData("nonsense", ExpositionFormat.Text)]
    public void FormatOfContentType_ScrapedResponse_PicksParser(string? contentType, ExpositionFormat expected)
    {
        Assert.Equal(expected, ContentNegotiation.FormatOfContentType(contentType));
    }
}

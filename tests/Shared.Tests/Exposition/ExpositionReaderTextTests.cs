using System.Text;
using Aggregator.Shared.Exposition;
using Aggregator.Shared.Model;
using Aggregator.Tests.Common;

namespace Aggregator.Shared.Tests.Exposition;

public class ExpositionReaderTextTests
{
    private const string Sample = """
        # HELP http_requests_total The total number of HTTP requests.
        # TYPE http_requests_total counter
        http_requests_total{method="post",code="200"} 1027 1395066363000
        http_requests_total{method="post",code="400"}    3 1395066363000
        # A comment
        msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9
        metric_without_timestamp_and_labels 12.47
        # TYPE rpc_duration_seconds summary
        rpc_duration_seconds{quantile="0.5"} 4773
        rpc_duration_seconds_sum 1.7560473e+07
        rpc_duration_seconds_count 2693
        something_weird{problem="division by zero"} +Inf -3982045

        """;

    [Fact]
    public void Read_PrometheusExample_DeliversEverySampleWithFamily()
    {
        var sink = new CollectingSink();
        var result = ExpositionReader.Read(Encoding.UTF8.GetBytes(Sample), ExpositionFormat.Text, sink);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(8, sink.Samples.Count);
        var first = sink.Samples[0];
        Assert.Equal(MetricType.Counter, first.Family.Type);
        Assert.Equal("The total number of HTTP requests.", first.Family.Help);
        Assert.Equal(LabelSet.Of("__name__", "http_requests_total", "method", "post", "code", "200"), first.Series);
        Assert.Equal(1027, first.Value);
        Assert.Equal(1395066363000, first.TimestampMs);
        Assert.Equal("C:\\DIR\\FILE.TXT", sink.Samples[2].Series.Get("path"));
        Assert.Equal("Cannot find file:\n\"FILE.TXT\"", sink.Samples[2].Series.Get("error"));
        Assert.Equal(MetricType.Untyped, sink.Samples[2].Family.Type);
        Assert.Null(sink.Samples[3].TimestampMs);
        Assert.All(sink.Samples.Skip(4).Take(3), s => Assert.Equal(MetricType.Summary, s.Family.Type));
        Assert.Equal(double.PositiveInfinity, sink.Samples[7].Value);
        Assert.Equal(-3982045, sink.Samples[7].TimestampMs);
    }

    [Fact]
    public void Read_SameSeriesTwice_ReusesLabelSetInstance()
    {
        var cache = new ExpositionCache();
        var a = new CollectingSink();
        var b = new CollectingSink();
        ExpositionReader.Read(Encoding.UTF8.GetBytes(Sample), ExpositionFormat.Text, a, cache);
        ExpositionReader.Read(Encoding.UTF8.GetBytes(Sample), ExpositionFormat.Text, b, cache);
        for (int i = 0; i < a.Samples.Count; i++)
        {
            Assert.Same(a.Samples[i].Series, b.Samples[i].Series);
            Assert.Same(a.Samples[i].Family, b.Samples[i].Family);
        }
    }

    [Fact]
    public void Read_EverySplitPoint_SameResult()
    {
        var data = Encoding.UTF8.GetBytes(Sample);
        var expected = Parse(data);
        for (int offset = 0; offset <= data.Length; offset++)
        {
            Assert.Equal(expected, ParseSequence(SegmentedSequence.SplitAt(data, offset)));
        }
        Assert.Equal(expected, ParseSequence(SegmentedSequence.OneBytePerSegment(data)));
    }

    [Fact]
    public async Task ReadAsync_OneBytePerRead_SameResult()
    {
        var data = Encoding.UTF8.GetBytes(Sample);
        var sink = new CollectingSink();
        var result = await ExpositionReader.ReadAsync(new ChunkedStream(data, 1), ExpositionFormat.Text, sink);
        Assert.True(result.Succeeded);
        Assert.Equal(Parse(data), sink.Canonical(withType: true));
    }

    [Theory]
    [InlineData("metric{a=\"1\" 1\n", 1, 14, "expected ',' or '}'")]
    [InlineData("ok 1\nmetric{a=\"1\"} x\n", 2, 15, "invalid sample value \"x\"")]
    [InlineData("ok 1\n\nmetric{a=\"1\",a=\"2\"} 1\n", 3, 14, "duplicate label name \"a\"")]
    [InlineData("metric 1 12x\n", 1, 10, "invalid timestamp")]
    [InlineData("# TYPE m bogus\n", 1, 10, "unknown metric type \"bogus\"")]
    [InlineData("9metric 1\n", 1, 1, "invalid metric name")]
    [InlineData("m{a=\"\xff\"} 1\n", 1, 6, "not valid UTF-8")]
    public void Read_BadInput_ReportsLineColumnAndReason(string body, int line, int column, string reason)
    {
        var bytes = body.Contains('\xff') ? Latin1WithRawFF(body) : Encoding.UTF8.GetBytes(body);
        var result = ExpositionReader.Read(bytes, ExpositionFormat.Text, new CollectingSink());
        var error = Assert.Single(result.Errors);
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ValidateMode_ReportsEveryBadLine()
    {
        var body = "a{ 1\nb 1\nc x\nd 1 y\n";
        var result = ExpositionReader.Read(Encoding.UTF8.GetBytes(body), ExpositionFormat.Text, new CollectingSink(), options: ExpositionReadOptions.Validate);
        Assert.Equal([1, 3, 4], result.Errors.Select(e => e.Line));
    }

    private static byte[] Latin1WithRawFF(string s) => s.Select(c => (byte)c).ToArray();

    private static List<string> Parse(byte[] data)
    {
        var sink = new CollectingSink();
        var result = ExpositionReader.Read(data, ExpositionFormat.Text, sink);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return sink.Canonical(withType: true);
    }

    private static List<string> ParseSequence(System.Buffers.ReadOnlySequence<byte> data)
    {
        var sink = new CollectingSink();
        var result = ExpositionReader.Read(data, ExpositionFormat.Text, sink);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return sink.Canonical(withType: true);
    }
}

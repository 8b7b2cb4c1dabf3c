using Aggregator.Shared.Exposition;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Tests.Exposition;

/// <summary>
/// The protobuf writer's series path (cached label encoding plus appended external labels) against its label-span
/// path, byte for byte: the cache must change the cost, never the output.
/// </summary>
public class ExpositionWriterProtobufTests
{
    private static readonly LabelSet[] Series =
    [
        LabelSet.Of("__name__", "http_requests_total", "code", "200", "job", "api", "path", "a\"b\\c\nd"),
        LabelSet.Of("__name__", "http_requests_total", "code", "500", "job", "api", "path", new string('x', 300)),
        LabelSet.Of("__name__", "http_requests_total"),
    ];

    private static readonly Label[] External = [new("site", "dc1"), new("zone", "é-1")];

    public static TheoryData<ExpositionFormat, MetricType> Cases()
    {
        var data = new TheoryData<ExpositionFormat, MetricType>();
        foreach (var format in new[] { ExpositionFormat.ProtobufDelimited, ExpositionFormat.ProtobufText, ExpositionFormat.ProtobufCompactText })
        {
            foreach (var type in new[] { MetricType.Untyped, MetricType.Counter, MetricType.Gauge, MetricType.Histogram, MetricType.Summary })
            {
                data.Add(format, type);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task WriteSample_SeriesWithAppendedLabels_SameBytesAsLabelSpans(ExpositionFormat format, MetricType type)
    {
        var viaSpans = await WriteAsync(format, type, (w, series, appended, value) =>
        {
            Label[] merged = [.. series.AsSpan(), .. appended];
            w.WriteSample(series.MetricName, merged, value, 1_700_000_000_000);
        });
        // Note: twice over the same series, so the second round reads the cached encodings.
        var viaSeries = await WriteAsync(format, type, (w, series, appended, value) => w.WriteSample(series, appended, value, 1_700_000_000_000));

        Assert.Equal(viaSpans, viaSeries);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task WriteSample_SeriesWithoutAppendedLabels_SameBytesAsLabelSpans(ExpositionFormat format, MetricType type)
    {
        var viaSpans = await WriteAsync(format, type, (w, series, _, value) => w.WriteSample(series.MetricName, series.AsSpan(), value, null));
        var viaSeries = await WriteAsync(format, type, (w, series, _, value) => w.WriteSample(series, value, null));

        Assert.Equal(viaSpans, viaSeries);
    }

    private static async Task<byte[]> WriteAsync(ExpositionFormat format, MetricType type, Action<ExpositionWriter, LabelSet, Label[], double> write)
    {
        var output = new MemoryStream();
        await using (var w = ExpositionWriter.Create(output, format))
        {
            for (int round = 0; round < 2; round++)
            {
                w.BeginFamily("http_requests_total", type);
                for (int i = 0; i < Series.Length; i++)
                {
                    write(w, Series[i], round == 0 ? External : External[..1], i + 0.5);
                }
                w.EndFamily();
            }
        }
        return output.ToArray();
    }
}

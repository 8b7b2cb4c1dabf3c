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

    [Fact]
    public async Task DisposeAsync_LargeFamilyThenAnotherWriter_SameBytesBothTimes()
    {
        // Note: the family message's buffer goes back to the pool on dispose and the next writer may get it back
        // with the first one's bytes still in it; what it writes must not depend on that.
        var series = Enumerable.Range(0, 5_000)
            .Select(i => LabelSet.Of("__name__", "big", "instance", "host-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
        async Task<byte[]> WriteBigAsync(int valueOffset)
        {
            var output = new MemoryStream();
            await using (var w = ExpositionWriter.Create(output, ExpositionFormat.ProtobufDelimited))
            {
                w.BeginFamily("big", MetricType.Untyped);
                for (int i = 0; i < series.Length; i++)
                {
                    w.WriteSample(series[i], External, i + valueOffset, 1_700_000_000_000);
                }
                w.EndFamily();
                w.BeginFamily("small", MetricType.Untyped);
                w.WriteSample(Series[2], External, 1, null);
                w.EndFamily();
            }
            return output.ToArray();
        }

        var first = await WriteBigAsync(0);
        var other = await WriteBigAsync(7);
        var again = await WriteBigAsync(0);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.True(first.Length > 5_000 * 40, $"{first.Length} bytes for 5,000 series");
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

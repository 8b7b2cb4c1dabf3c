using System.Buffers.Text;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Exposition.Writing;

/// <summary>
/// OpenMetrics 1.0 text as prometheus/common's <c>MetricFamilyToOpenMetrics</c> writes it:
/// HELP, TYPE, UNIT; counters named without <c>_total</c> in metadata and with it on samples;
/// integral values as <c>1.0</c>; timestamps in seconds; <c># EOF</c> at the end.
/// </summary>
internal sealed class OpenMetricsExpositionWriter : ExpositionWriter
{
    private string _family = string.Empty;
    private MetricType _type;

    public OpenMetricsExpositionWriter(Stream output, ContentEncoding encoding)
        : base(output, encoding)
    {
    }

    public override ExpositionFormat Format => ExpositionFormat.OpenMetrics;

    public override void BeginFamily(string name, MetricType type, string? help = null, string? unit = null)
    {
        _type = type;
        _family = type == MetricType.Counter && name.EndsWith("_total", StringComparison.Ordinal) ? name[..^6] : name;
        if (help is not null)
        {
            WriteBytes("# HELP "u8);
            WriteUtf8(_family);
            WriteByte((byte)' ');
            WriteEscaped(help, escapeQuote: true);
            WriteByte((byte)'\n');
        }
        WriteBytes("# TYPE "u8);
        WriteUtf8(_family);
        WriteBytes(type switch
        {
            MetricType.Counter => " counter\n"u8,
            MetricType.Gauge => " gauge\n"u8,
            MetricType.Histogram => " histogram\n"u8,
            MetricType.GaugeHistogram => " gaugehistogram\n"u8,
            MetricType.Summary => " summary\n"u8,
            MetricType.Info => " info\n"u8,
            MetricType.StateSet => " stateset\n"u8,
            _ => " unknown\n"u8,
        });
        if (!string.IsNullOrEmpty(unit))
        {
            WriteBytes("# UNIT "u8);
            WriteUtf8(_family);
            WriteByte((byte)' ');
            WriteUtf8(unit);
            WriteByte((byte)'\n');
        }
    }

    public override void WriteSample(string metricName, ReadOnlySpan<Label> labels, double value, long? timestampMs)
    {
        WriteUtf8(metricName);
        if (_type == MetricType.Counter && metricName == _family)
        {
            WriteBytes("_total"u8);
        }
        WriteLabelBlock(labels);
        WriteValueAndTimestamp(value, timestampMs);
    }

    public override void WriteSample(LabelSet series, double value, long? timestampMs)
    {
        if (_type == MetricType.Counter)
        {
            // Note: a counter's sample may need "_total" between its name and labels; no cached spelling.
            base.WriteSample(series, value, timestampMs);
            return;
        }
        WriteSpelling(series);
        WriteValueAndTimestamp(value, timestampMs);
    }

    private void WriteValueAndTimestamp(double value, long? timestampMs)
    {
        WriteByte((byte)' ');
        Advance(PromFloat.FormatOpenMetrics(value, GetSpan(PromFloat.MaxLength)));
        if (timestampMs is long ts)
        {
            WriteByte((byte)' ');
            WriteSeconds(ts);
        }
        WriteByte((byte)'\n');
    }

    public override void EndFamily()
    {
    }

    private protected override void WriteTrailer() => WriteBytes("# EOF\n"u8);

    /// <summary>Milliseconds as exact decimal seconds (<c>1520879607.789</c>), never through a float.</summary>
    private void WriteSeconds(long ms)
    {
        long seconds = Math.DivRem(ms, 1000, out long rest);
        if (ms < 0 && rest != 0)
        {
            WriteByte((byte)'-');
            seconds = -seconds;
            rest = -rest;
        }
        Utf8Formatter.TryFormat(seconds, GetSpan(20), out int n);
        Advance(n);
        if (rest != 0)
        {
            WriteByte((byte)'.');
            var span = GetSpan(3);
            span[0] = (byte)('0' + (rest / 100));
            span[1] = (byte)('0' + (rest / 10 % 10));
            span[2] = (byte)('0' + (rest % 10));
            int digits = span[2] != '0' ? 3 : span[1] != '0' ? 2 : 1;
            Advance(digits);
        }
    }
}

using System.Globalization;
using System.Text;
using Aggregator.Shared.Exposition.Protos;

namespace Aggregator.Shared.Exposition.Writing;

/// <summary>
/// Renders a MetricFamily as Go's golang/protobuf text marshaller does (<c>encoding=text</c>: one
/// field per line, <c>&lt;</c>/<c>&gt;</c> blocks indented by two, a blank line after each family;
/// <c>encoding=compact-text</c>: every field followed by a space, one family per line). Fields
/// appear in .proto declaration order; strings escape non-printable bytes as <c>\ooo</c>.
/// </summary>
internal sealed class ProtoTextPrinter
{
    private readonly StringBuilder _out = new();
    private readonly bool _compact;
    private int _depth;

    private ProtoTextPrinter(bool compact)
    {
        _compact = compact;
    }

    public static string Print(ReadOnlySpan<byte> familyMessage, bool compact)
    {
        var family = MetricFamily.Parser.ParseFrom(familyMessage);
        var p = new ProtoTextPrinter(compact);
        p.Family(family);
        p._out.Append('\n');
        return p._out.ToString();
    }

    private void Family(MetricFamily f)
    {
        if (f.HasName)
        {
            Quoted("name", f.Name);
        }
        if (f.HasHelp)
        {
            Quoted("help", f.Help);
        }
        if (f.HasType)
        {
            Scalar("type", f.Type switch
            {
                Protos.MetricType.Counter => "COUNTER",
                Protos.MetricType.Gauge => "GAUGE",
                Protos.MetricType.Summary => "SUMMARY",
                Protos.MetricType.Histogram => "HISTOGRAM",
                Protos.MetricType.GaugeHistogram => "GAUGE_HISTOGRAM",
                _ => "UNTYPED",
            });
        }
        foreach (var m in f.Metric)
        {
            Begin("metric");
            Metric(m);
            End();
        }
        if (f.HasUnit)
        {
            Quoted("unit", f.Unit);
        }
    }

    private void Metric(Metric m)
    {
        foreach (var l in m.Label)
        {
            Begin("label");
            if (l.HasName)
            {
                Quoted("name", l.Name);
            }
            if (l.HasValue)
            {
                Quoted("value", l.Value);
            }
            End();
        }
        if (m.Gauge is { } g)
        {
            ValueBlock("gauge", g.HasValue, g.Value);
        }
        if (m.Counter is { } c)
        {
            ValueBlock("counter", c.HasValue, c.Value);
        }
        if (m.Summary is { } s)
        {
            Begin("summary");
            if (s.HasSampleCount)
            {
                Scalar("sample_count", s.SampleCount.ToString(CultureInfo.InvariantCulture));
            }
            if (s.HasSampleSum)
            {
                Double("sample_sum", s.SampleSum);
            }
            foreach (var q in s.Quantile)
            {
                Begin("quantile");
                Double("quantile", q.Quantile_);
                Double("value", q.Value);
                End();
            }
            End();
        }
        if (m.Untyped is { } u)
        {
            ValueBlock("untyped", u.HasValue, u.Value);
        }
        if (m.Histogram is { } h)
        {
            Begin("histogram");
            Histogram(h);
            End();
        }
        if (m.HasTimestampMs)
        {
            Scalar("timestamp_ms", m.TimestampMs.ToString(CultureInfo.InvariantCulture));
        }
    }

    private void Histogram(Histogram h)
    {
        if (h.HasSampleCount)
        {
            Scalar("sample_count", h.SampleCount.ToString(CultureInfo.InvariantCulture));
        }
        if (h.HasSampleCountFloat)
        {
            Double("sample_count_float", h.SampleCountFloat);
        }
        if (h.HasSampleSum)
        {
            Double("sample_sum", h.SampleSum);
        }
        foreach (var b in h.Bucket)
        {
            Begin("bucket");
            if (b.HasCumulativeCount)
            {
                Scalar("cumulative_count", b.CumulativeCount.ToString(CultureInfo.InvariantCulture));
            }
            if (b.HasCumulativeCountFloat)
            {
                Double("cumulative_count_float", b.CumulativeCountFloat);
            }
            if (b.HasUpperBound)
            {
                Double("upper_bound", b.UpperBound);
            }
            End();
        }
        if (h.HasSchema)
        {
            Scalar("schema", h.Schema.ToString(CultureInfo.InvariantCulture));
        }
        if (h.HasZeroThreshold)
        {
            Double("zero_threshold", h.ZeroThreshold);
        }
        if (h.HasZeroCount)
        {
            Scalar("zero_count", h.ZeroCount.ToString(CultureInfo.InvariantCulture));
        }
        if (h.HasZeroCountFloat)
        {
            Double("zero_count_float", h.ZeroCountFloat);
        }
        Spans("negative_span", h.NegativeSpan);
        foreach (var d in h.NegativeDelta)
        {
            Scalar("negative_delta", d.ToString(CultureInfo.InvariantCulture));
        }
        foreach (var d in h.NegativeCount)
        {
            Double("negative_count", d);
        }
        Spans("positive_span", h.PositiveSpan);
        foreach (var d in h.PositiveDelta)
        {
            Scalar("positive_delta", d.ToString(CultureInfo.InvariantCulture));
        }
        foreach (var d in h.PositiveCount)
        {
            Double("positive_count", d);
        }
    }

    private void Spans(string name, IEnumerable<Protos.BucketSpan> spans)
    {
        foreach (var s in spans)
        {
            Begin(name);
            if (s.HasOffset)
            {
                Scalar("offset", s.Offset.ToString(CultureInfo.InvariantCulture));
            }
            if (s.HasLength)
            {
                Scalar("length", s.Length.ToString(CultureInfo.InvariantCulture));
            }
            End();
        }
    }

    private void ValueBlock(string name, bool has, double value)
    {
        Begin(name);
        if (has)
        {
            Double("value", value);
        }
        End();
    }

    private void Double(string name, double v)
    {
        string text;
        if (double.IsNaN(v))
        {
            text = "nan";
        }
        else if (double.IsInfinity(v))
        {
            text = v > 0 ? "inf" : "-inf";
        }
        else
        {
            Span<byte> buffer = stackalloc byte[PromFloat.MaxLength];
            int n = v == 0 ? WriteZero(v, buffer) : PromFloat.FormatGoShortest(v, buffer);
            text = Encoding.ASCII.GetString(buffer[..n]);
        }
        Scalar(name, text);
    }

    private static int WriteZero(double v, Span<byte> buffer)
    {
        if (double.IsNegative(v))
        {
            buffer[0] = (byte)'-';
            buffer[1] = (byte)'0';
            return 2;
        }
        buffer[0] = (byte)'0';
        return 1;
    }

    private void Quoted(string name, string value)
    {
        var sb = new StringBuilder("\"");
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            switch (b)
            {
                case (byte)'\n': sb.Append("\\n"); break;
                case (byte)'\r': sb.Append("\\r"); break;
                case (byte)'\t': sb.Append("\\t"); break;
                case (byte)'"': sb.Append("\\\""); break;
                case (byte)'\\': sb.Append("\\\\"); break;
                default:
                    if (b >= 0x20 && b < 0x7f)
                    {
                        sb.Append((char)b);
                    }
                    else
                    {
                        sb.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
                    }
                    break;
            }
        }
        Scalar(name, sb.Append('"').ToString());
    }

    private void Scalar(string name, string value)
    {
        if (_compact)
        {
            _out.Append(name).Append(':').Append(value).Append(' ');
            return;
        }
        _out.Append(' ', _depth * 2).Append(name).Append(": ").Append(value).Append('\n');
    }

    private void Begin(string name)
    {
        if (_compact)
        {
            _out.Append(name).Append(":<");
        }
        else
        {
            _out.Append(' ', _depth * 2).Append(name).Append(": <\n");
        }
        _depth++;
    }

    private void End()
    {
        _depth--;
        if (_compact)
        {
            _out.Append("> ");
        }
        else
        {
            _out.Append(' ', _depth * 2).Append(">\n");
        }
    }
}

using System.Buffers.Text;
using System.Text;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Exposition.Writing;

/// <summary>
/// Text 0.0.4 as prometheus/common's <c>MetricFamilyToText</c> writes it: optional <c># HELP</c>,
/// <c># TYPE</c>, then <c>name{l="v",...} value [timestamp]</c> lines with Go float formatting.
/// </summary>
internal sealed class TextExpositionWriter : ExpositionWriter
{
    private byte[] _familyName = new byte[64];
    private int _familyNameLength;
    private readonly EncodedLabelCache _appendedLabels = new();

    public TextExpositionWriter(Stream output, ContentEncoding encoding)
        : base(output, encoding)
    {
    }

    public override ExpositionFormat Format => ExpositionFormat.Text;

    public override void BeginFamily(string name, MetricType type, string? help = null, string? unit = null)
    {
        _ = unit;
        int max = Encoding.UTF8.GetMaxByteCount(name.Length);
        if (_familyName.Length < max)
        {
            _familyName = new byte[max];
        }
        _familyNameLength = Encoding.UTF8.GetBytes(name, _familyName);
        var encodedName = _familyName.AsSpan(0, _familyNameLength);
        if (help is not null)
        {
            WriteBytes("# HELP "u8);
            WriteBytes(encodedName);
            WriteByte((byte)' ');
            WriteEscaped(help, escapeQuote: false);
            WriteByte((byte)'\n');
        }
        WriteBytes("# TYPE "u8);
        WriteBytes(encodedName);
        WriteBytes(type switch
        {
            MetricType.Counter => " counter\n"u8,
            MetricType.Gauge or MetricType.Info or MetricType.StateSet => " gauge\n"u8,
            MetricType.Histogram or MetricType.GaugeHistogram => " histogram\n"u8,
            MetricType.Summary => " summary\n"u8,
            _ => " untyped\n"u8,
        });
    }

    public override void WriteSample(string metricName, ReadOnlySpan<Label> labels, double value, long? timestampMs)
    {
        // Note: the family's pre-encoded name is reused when the sample carries it unchanged.
        if (_familyNameLength == metricName.Length && IsFamilyName(metricName))
        {
            WriteBytes(_familyName.AsSpan(0, _familyNameLength));
        }
        else
        {
            WriteUtf8(metricName);
        }
        WriteLabelBlock(labels);
        WriteValueAndTimestamp(value, timestampMs);
    }

    public override void WriteSample(LabelSet series, double value, long? timestampMs)
    {
        WriteSpelling(series);
        WriteValueAndTimestamp(value, timestampMs);
    }

    public override void WriteSample(LabelSet series, ReadOnlySpan<Label> appended, double value, long? timestampMs)
    {
        var spelling = Spelling(series);
        if (appended.IsEmpty)
        {
            WriteBytes(spelling);
        }
        else
        {
            // Note: the cached spelling ends with '}' when it has a label block; reopen it for the appended labels.
            bool block = HasLabelBlock(series);
            WriteBytes(block ? spelling.AsSpan(0, spelling.Length - 1) : spelling);
            byte separator = block ? (byte)',' : (byte)'{';
            foreach (var label in appended)
            {
                WriteByte(separator);
                separator = (byte)',';
                WriteBytes(_appendedLabels.Encode(label));
            }
            WriteByte((byte)'}');
        }
        WriteValueAndTimestamp(value, timestampMs);
    }

    private static bool HasLabelBlock(LabelSet series)
    {
        foreach (var label in series.AsSpan())
        {
            if (label.Name != Label.MetricName)
            {
                return true;
            }
        }
        return false;
    }

    private void WriteValueAndTimestamp(double value, long? timestampMs)
    {
        // Note: one span for the whole tail (blank, value, blank, timestamp, newline): at most 55 bytes.
        var span = GetSpan(PromFloat.MaxLength + 23);
        span[0] = (byte)' ';
        int n = 1 + PromFloat.FormatText(value, span[1..]);
        if (timestampMs is long ts)
        {
            span[n++] = (byte)' ';
            Utf8Formatter.TryFormat(ts, span[n..], out int w);
            n += w;
        }
        span[n++] = (byte)'\n';
        Advance(n);
    }

    public override void EndFamily()
    {
    }

    private bool IsFamilyName(string name)
    {
        var encoded = _familyName.AsSpan(0, _familyNameLength);
        for (int i = 0; i < name.Length; i++)
        {
            if (name[i] != encoded[i])
            {
                return false;
            }
        }
        return true;
    }
}

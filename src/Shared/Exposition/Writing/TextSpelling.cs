using System.Text;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Exposition.Writing;

/// <summary>
/// The text spelling of a series, <c>name{a="1",b="2"}</c> in UTF-8 (no label block when only <c>__name__</c> is
/// set; backslash, newline and double quote escaped in values), cached on the series
/// (<see cref="LabelSet.TextSpelling"/>). The text writers take it from here, and a Node's poll path builds it for
/// the series a poll creates (<see cref="Storage.SeriesStore.PrepareReads"/>), so that the first <c>/federate</c>
/// after start does not build 100k–1M spellings inside the request (BENCHMARKS.md "Warm-up").
/// </summary>
internal static class TextSpelling
{
    /// <summary>The series' cached spelling, built and cached now if it has none. Racing callers store equal arrays.</summary>
    public static byte[] Of(LabelSet series)
    {
        var spelling = series.TextSpelling;
        if (spelling is null)
        {
            spelling = Build(series);
            series.TextSpelling = spelling;
        }
        return spelling;
    }

    // Note: sized exactly first, then filled: one allocation per series and no scratch buffer.
    private static byte[] Build(LabelSet series)
    {
        var labels = series.AsSpan();
        string name = series.MetricName;
        int length = Encoding.UTF8.GetByteCount(name);
        bool block = false;
        foreach (var label in labels)
        {
            if (label.Name == Label.MetricName)
            {
                continue;
            }
            block = true;
            // Note: '{' or ',' before, '="' and '"' around the value.
            length += 4 + Encoding.UTF8.GetByteCount(label.Name) + EscapedLength(label.Value);
        }
        if (block)
        {
            length++;
        }
        var spelling = new byte[length];
        var rest = spelling.AsSpan();
        rest = rest[Encoding.UTF8.GetBytes(name, rest)..];
        bool first = true;
        foreach (var label in labels)
        {
            if (label.Name == Label.MetricName)
            {
                continue;
            }
            rest[0] = first ? (byte)'{' : (byte)',';
            first = false;
            rest = rest[1..];
            rest = rest[Encoding.UTF8.GetBytes(label.Name, rest)..];
            rest[0] = (byte)'=';
            rest[1] = (byte)'"';
            rest = WriteEscaped(label.Value, rest[2..]);
            rest[0] = (byte)'"';
            rest = rest[1..];
        }
        if (block)
        {
            rest[0] = (byte)'}';
        }
        return spelling;
    }

    private static int EscapedLength(string value)
    {
        var span = value.AsSpan();
        int length = Encoding.UTF8.GetByteCount(span);
        int i;
        while ((i = span.IndexOfAny('\\', '\n', '"')) >= 0)
        {
            length++;
            span = span[(i + 1)..];
        }
        return length;
    }

    // Note: the escapes are ASCII, so cutting the value around them never splits a surrogate pair.
    private static Span<byte> WriteEscaped(string value, Span<byte> into)
    {
        var span = value.AsSpan();
        while (true)
        {
            int i = span.IndexOfAny('\\', '\n', '"');
            if (i < 0)
            {
                return into[Encoding.UTF8.GetBytes(span, into)..];
            }
            into = into[Encoding.UTF8.GetBytes(span[..i], into)..];
            into[0] = (byte)'\\';
            into[1] = span[i] == '\n' ? (byte)'n' : (byte)span[i];
            into = into[2..];
            span = span[(i + 1)..];
        }
    }
}

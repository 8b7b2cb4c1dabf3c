using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Aggregator.Shared.Exposition.Text;

/// <summary>
/// Tokenises one line of Prometheus text 0.0.4 or OpenMetrics 1.0 (without its newline).
/// Note: text 0.0.4 is parsed as Prometheus's scraper does (tabs and repeated blanks allowed, any
/// <c>#</c> line that is not HELP/TYPE is a comment); OpenMetrics follows its ABNF strictly
/// (single spaces, no comments, UNIT and EOF lines, float-second timestamps, exemplars).
/// </summary>
internal static class TextLineParser
{
    private static readonly SearchValues<byte> NameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:"u8);

    private static readonly SearchValues<byte> LabelNameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"u8);

    public static bool TryParse(ReadOnlySpan<byte> line, bool openMetrics, LabelScratch labels, LabelScratch exemplarLabels,
        out TextLine result, out TextSyntaxError error)
    {
        result = default;
        error = default;
        labels.Clear();
        int i = 0;
        if (!openMetrics)
        {
            i = SkipBlanks(line, 0);
        }
        if (i == line.Length)
        {
            result.Kind = TextLineKind.Blank;
            if (openMetrics)
            {
                error = new(0, "empty line is not allowed in OpenMetrics");
                return false;
            }
            return true;
        }
        if (line[i] == (byte)'#')
        {
            return openMetrics
                ? TryParseOpenMetricsComment(line, ref result, out error)
                : TryParseTextComment(line, i, ref result, out error);
        }
        return TryParseSample(line, i, openMetrics, labels, exemplarLabels, ref result, out error);
    }

    private static bool TryParseTextComment(ReadOnlySpan<byte> line, int i, ref TextLine result, out TextSyntaxError error)
    {
        error = default;
        result.Kind = TextLineKind.Comment;
        i = SkipBlanks(line, i + 1);
        var rest = line[i..];
        TextLineKind kind;
        if (rest.StartsWith("HELP"u8))
        {
            kind = TextLineKind.Help;
        }
        else if (rest.StartsWith("TYPE"u8))
        {
            kind = TextLineKind.Type;
        }
        else
        {
            return true;
        }
        i += 4;
        int afterWord = SkipBlanks(line, i);
        if (afterWord == i)
        {
            // Note: "# HELPER" or "# TYPE" alone is an ordinary comment, as Prometheus treats it.
            return true;
        }
        i = afterWord;
        int nameEnd = ScanMetricName(line, i);
        if (nameEnd == i)
        {
            error = new(i, kind == TextLineKind.Help ? "invalid metric name in HELP line" : "invalid metric name in TYPE line");
            return false;
        }
        result.Kind = kind;
        result.Name = line[i..nameEnd];
        i = nameEnd;
        int textStart = SkipBlanks(line, i);
        if (textStart == i && i < line.Length)
        {
            error = new(i, "expected a blank after the metric name");
            return false;
        }
        if (kind == TextLineKind.Help)
        {
            result.Text = line[textStart..];
            return true;
        }
        int wordEnd = textStart;
        while (wordEnd < line.Length && line[wordEnd] != (byte)' ' && line[wordEnd] != (byte)'\t')
        {
            wordEnd++;
        }
        result.Text = line[textStart..wordEnd];
        if (SkipBlanks(line, wordEnd) != line.Length)
        {
            error = new(wordEnd, "unexpected text after the metric type");
            return false;
        }
        return true;
    }

    private static bool TryParseOpenMetricsComment(ReadOnlySpan<byte> line, ref TextLine result, out TextSyntaxError error)
    {
        error = default;
        if (line.SequenceEqual("# EOF"u8))
        {
            result.Kind = TextLineKind.Eof;
            return true;
        }
        TextLineKind kind;
        if (line.StartsWith("# HELP "u8))
        {
            kind = TextLineKind.Help;
        }
        else if (line.StartsWith("# TYPE "u8))
        {
            kind = TextLineKind.Type;
        }
        else if (line.StartsWith("# UNIT "u8))
        {
            kind = TextLineKind.Unit;
        }
        else
        {
            error = new(0, "comments are not allowed in OpenMetrics (expected HELP, TYPE, UNIT or EOF)");
            return false;
        }
        int i = 7;
        int nameEnd = ScanMetricName(line, i);
        if (nameEnd == i)
        {
            error = new(i, "invalid metric name in metadata line");
            return false;
        }
        result.Kind = kind;
        result.Name = line[i..nameEnd];
        if (nameEnd == line.Length || line[nameEnd] != (byte)' ')
        {
            error = new(nameEnd, "expected a single space and a value after the metric name");
            return false;
        }
        result.Text = line[(nameEnd + 1)..];
        if (kind == TextLineKind.Help && !IsValidOpenMetricsHelp(result.Text, out int bad))
        {
            error = new(nameEnd + 1 + bad, "invalid character in HELP text");
            return false;
        }
        return true;
    }

    private static bool IsValidOpenMetricsHelp(ReadOnlySpan<byte> text, out int bad)
    {
        // Note: the OpenMetrics suite accepts NUL in HELP text; only invalid UTF-8 is rejected.
        bad = -1;
        return Utf8Valid(text, ref bad);
    }

    private static bool Utf8Valid(ReadOnlySpan<byte> text, ref int bad)
    {
        if (System.Text.Unicode.Utf8.IsValid(text))
        {
            return true;
        }
        bad = 0;
        return false;
    }

    private static bool TryParseSample(ReadOnlySpan<byte> line, int start, bool openMetrics, LabelScratch labels,
        LabelScratch exemplarLabels, ref TextLine result, out TextSyntaxError error)
    {
        error = default;
        result.Kind = TextLineKind.Sample;
        int i = ScanMetricName(line, start);
        if (i == start)
        {
            error = new(start, "invalid metric name");
            return false;
        }
        result.Name = line[start..i];
        if (!openMetrics)
        {
            int j = SkipBlanks(line, i);
            if (j < line.Length && line[j] == (byte)'{')
            {
                i = j;
            }
        }
        if (i < line.Length && line[i] == (byte)'{')
        {
            if (!TryParseLabels(line, ref i, openMetrics, labels, out error))
            {
                return false;
            }
        }
        result.SeriesKey = line[start..i];
        return TryParseSampleTail(line, i, openMetrics, exemplarLabels, ref result, out error);
    }

    /// <summary>
    /// Whether a series spelled <c>line[..end]</c> (a cached spelling the line starts with) is the
    /// whole series part of the line, as <see cref="TryParse"/> would find it.
    /// Note: a cached spelling was once parsed completely, and the label-block parser never looks past
    /// the closing brace, so a spelling ending in '}' ends the series here; a bare name does only if
    /// the name ends here and no label block follows.
    /// </summary>
    public static bool IsSeriesEnd(ReadOnlySpan<byte> line, int end, bool openMetrics)
    {
        if (end == 0 || line[end - 1] == (byte)'}' || end == line.Length)
        {
            return end > 0;
        }
        byte c = line[end];
        if (NameChars.Contains(c) || c == (byte)'{')
        {
            return false;
        }
        if (!openMetrics)
        {
            int j = SkipBlanks(line, end);
            return j == line.Length || line[j] != (byte)'{';
        }
        return true;
    }

    /// <summary>Parses what follows the series: value, then timestamp (and, in OpenMetrics, an exemplar).</summary>
    public static bool TryParseSampleTail(ReadOnlySpan<byte> line, int i, bool openMetrics, LabelScratch exemplarLabels,
        ref TextLine result, out TextSyntaxError error)
    {
        if (!ExpectSeparator(line, ref i, openMetrics, out error, "expected a blank and the sample value"))
        {
            return false;
        }
        int valueEnd = ScanToken(line, i);
        var valueText = line[i..valueEnd];
        if (!(openMetrics ? TryParseOpenMetricsNumber(valueText, out result.Value) : PromFloat.TryParseGo(valueText, out result.Value)))
        {
            error = new(i, $"invalid sample value \"{Printable(valueText)}\"");
            return false;
        }
        i = valueEnd;
        return openMetrics
            ? TryParseOpenMetricsTail(line, i, exemplarLabels, ref result, out error)
            : TryParseTextTail(line, i, ref result, out error);
    }

    private static bool TryParseTextTail(ReadOnlySpan<byte> line, int i, ref TextLine result, out TextSyntaxError error)
    {
        error = default;
        int j = SkipBlanks(line, i);
        if (j == line.Length)
        {
            return true;
        }
        int end = ScanToken(line, j);
        if (!Utf8Parser.TryParse(line[j..end], out long ts, out int consumed) || consumed != end - j || line[j] == (byte)'+')
        {
            error = new(j, $"invalid timestamp \"{Printable(line[j..end])}\"");
            return false;
        }
        result.TimestampMs = ts;
        result.HasTimestamp = true;
        if (SkipBlanks(line, end) != line.Length)
        {
            error = new(end, "unexpected text after the timestamp");
            return false;
        }
        return true;
    }

    private static bool TryParseOpenMetricsTail(ReadOnlySpan<byte> line, int i, LabelScratch exemplarLabels, ref TextLine result,
        out TextSyntaxError error)
    {
        error = default;
        if (i == line.Length)
        {
            return true;
        }
        if (line[i] != (byte)' ' || i + 1 == line.Length)
        {
            error = new(i, "expected a single space before the timestamp or exemplar");
            return false;
        }
        i++;
        if (line[i] != (byte)'#')
        {
            int end = ScanToken(line, i);
            if (!TryParseOpenMetricsTimestamp(line[i..end], out result.TimestampMs))
            {
                error = new(i, $"invalid timestamp \"{Printable(line[i..end])}\"");
                return false;
            }
            result.HasTimestamp = true;
            i = end;
            if (i == line.Length)
            {
                return true;
            }
            if (line[i] != (byte)' ' || i + 1 == line.Length || line[i + 1] != (byte)'#')
            {
                error = new(i, "unexpected text after the timestamp");
                return false;
            }
            i++;
        }
        result.HasExemplar = true;
        result.ExemplarOffset = i;
        return TryParseExemplar(line, i, exemplarLabels, out error);
    }

    private static bool TryParseExemplar(ReadOnlySpan<byte> line, int i, LabelScratch exemplarLabels, out TextSyntaxError error)
    {
        // Note: an exemplar is " # {labels} value [timestamp]"; i points at the '#'.
        if (i + 2 >= line.Length || line[i + 1] != (byte)' ' || line[i + 2] != (byte)'{')
        {
            error = new(i, "exemplar must be \" # {labels} value [timestamp]\"");
            return false;
        }
        i += 2;
        int labelStart = i;
        if (!TryParseLabels(line, ref i, openMetrics: true, exemplarLabels, out error))
        {
            return false;
        }
        int runes = 0;
        for (int k = 0; k < exemplarLabels.Count; k++)
        {
            ref var r = ref exemplarLabels[k];
            runes += r.NameLength + CountRunes(line.Slice(r.ValueStart, r.ValueLength));
        }
        if (runes > 128)
        {
            error = new(labelStart, "exemplar labels exceed 128 characters");
            return false;
        }
        if (i == line.Length || line[i] != (byte)' ')
        {
            error = new(i, "expected a space and the exemplar value");
            return false;
        }
        i++;
        int end = ScanToken(line, i);
        if (!TryParseOpenMetricsNumber(line[i..end], out _))
        {
            error = new(i, $"invalid exemplar value \"{Printable(line[i..end])}\"");
            return false;
        }
        i = end;
        if (i == line.Length)
        {
            return true;
        }
        if (line[i] != (byte)' ' || i + 1 == line.Length)
        {
            error = new(i, "expected a single space and the exemplar timestamp");
            return false;
        }
        i++;
        end = ScanToken(line, i);
        if (!TryParseOpenMetricsTimestamp(line[i..end], out _))
        {
            error = new(i, $"invalid exemplar timestamp \"{Printable(line[i..end])}\"");
            return false;
        }
        if (end != line.Length)
        {
            error = new(end, "unexpected text after the exemplar");
            return false;
        }
        return true;
    }

    /// <summary>Unicode code points in UTF-8 bytes (bytes that are not continuation bytes).</summary>
    private static int CountRunes(ReadOnlySpan<byte> utf8)
    {
        int n = 0;
        foreach (byte b in utf8)
        {
            if ((b & 0xC0) != 0x80)
            {
                n++;
            }
        }
        return n;
    }

    private static bool TryParseLabels(ReadOnlySpan<byte> line, ref int i, bool openMetrics, LabelScratch labels, out TextSyntaxError error)
    {
        error = default;
        labels.Clear();
        i++;
        while (true)
        {
            if (!openMetrics)
            {
                i = SkipBlanks(line, i);
            }
            if (i < line.Length && line[i] == (byte)'}')
            {
                if (openMetrics && labels.Count > 0 && line[i - 1] == (byte)',')
                {
                    error = new(i - 1, "trailing comma in label set");
                    return false;
                }
                i++;
                return true;
            }
            int nameStart = i;
            int nameEnd = ScanLabelName(line, i);
            if (nameEnd == nameStart)
            {
                error = new(i, i == line.Length ? "unexpected end of line inside label set" : "invalid label name");
                return false;
            }
            i = openMetrics ? nameEnd : SkipBlanks(line, nameEnd);
            if (i == line.Length || line[i] != (byte)'=')
            {
                error = new(i, "expected '=' after label name");
                return false;
            }
            i = openMetrics ? i + 1 : SkipBlanks(line, i + 1);
            if (i == line.Length || line[i] != (byte)'"')
            {
                error = new(i, "expected '\"' to start the label value");
                return false;
            }
            int valueStart = ++i;
            bool escaped = false;
            while (true)
            {
                int k = line[i..].IndexOfAny((byte)'"', (byte)'\\');
                if (k < 0)
                {
                    i = line.Length;
                    break;
                }
                i += k;
                if (line[i] == (byte)'"')
                {
                    break;
                }
                escaped = true;
                i += 2;
                if (i >= line.Length)
                {
                    break;
                }
            }
            if (i >= line.Length)
            {
                error = new(valueStart - 1, "unterminated label value");
                return false;
            }
            labels.Add(new LabelRange
            {
                NameStart = nameStart,
                NameLength = nameEnd - nameStart,
                ValueStart = valueStart,
                ValueLength = i - valueStart,
                ValueEscaped = escaped,
            });
            i++;
            if (!openMetrics)
            {
                i = SkipBlanks(line, i);
            }
            if (i < line.Length && line[i] == (byte)',')
            {
                i++;
                if (openMetrics && (i == line.Length || line[i] == (byte)','))
                {
                    error = new(i, "expected a label after ','");
                    return false;
                }
                continue;
            }
            if (i < line.Length && line[i] == (byte)'}')
            {
                i++;
                return true;
            }
            error = new(i, "expected ',' or '}' after label value");
            return false;
        }
    }

    private static bool ExpectSeparator(ReadOnlySpan<byte> line, ref int i, bool openMetrics, out TextSyntaxError error, string message)
    {
        error = default;
        if (i == line.Length || (line[i] != (byte)' ' && (openMetrics || line[i] != (byte)'\t')))
        {
            error = new(i, message);
            return false;
        }
        i = openMetrics ? i + 1 : SkipBlanks(line, i);
        if (i == line.Length || (openMetrics && line[i] == (byte)' '))
        {
            error = new(i, message);
            return false;
        }
        return true;
    }

    /// <summary>OpenMetrics number: decimal float or case-insensitive inf/infinity/nan (no hex, no underscores).</summary>
    internal static bool TryParseOpenMetricsNumber(ReadOnlySpan<byte> s, out double value)
    {
        if (PromFloat.TryParseDecimal(s, out value))
        {
            return true;
        }
        var body = s.Length > 0 && (s[0] == (byte)'+' || s[0] == (byte)'-') ? s[1..] : s;
        if (Ascii.EqualsIgnoreCase(body, "inf"u8) || Ascii.EqualsIgnoreCase(body, "infinity"u8))
        {
            value = s[0] == (byte)'-' ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        if (body.Length == s.Length && Ascii.EqualsIgnoreCase(s, "nan"u8))
        {
            value = double.NaN;
            return true;
        }
        return false;
    }

    /// <summary>OpenMetrics timestamp: decimal seconds (no inf/nan), returned as milliseconds.</summary>
    internal static bool TryParseOpenMetricsTimestamp(ReadOnlySpan<byte> s, out long ms)
    {
        ms = 0;
        if (!PromFloat.TryParseDecimal(s, out double seconds) || double.IsInfinity(seconds) || double.IsNaN(seconds))
        {
            return false;
        }
        int point = s.IndexOf((byte)'.');
        if (point >= 0 && s.IndexOfAny((byte)'e', (byte)'E') < 0 && s.Length - point - 1 <= 3
            && Utf8Parser.TryParse(s[..point], out long whole, out int used) && used == point && s[0] != (byte)'-')
        {
            // Note: exact millisecond arithmetic for the usual "seconds.mmm" spelling.
            long frac = 0;
            int digits = s.Length - point - 1;
            for (int k = point + 1; k < s.Length; k++)
            {
                frac = frac * 10 + (s[k] - '0');
            }
            for (; digits < 3; digits++)
            {
                frac *= 10;
            }
            ms = whole * 1000 + frac;
            return true;
        }
        ms = (long)Math.Round(seconds * 1000);
        return true;
    }

    internal static int ScanMetricName(ReadOnlySpan<byte> line, int i)
    {
        if (i >= line.Length || !IsNameStart(line[i]))
        {
            return i;
        }
        int n = line[(i + 1)..].IndexOfAnyExcept(NameChars);
        return n < 0 ? line.Length : i + 1 + n;
    }

    private static int ScanLabelName(ReadOnlySpan<byte> line, int i)
    {
        if (i >= line.Length || !IsLabelStart(line[i]))
        {
            return i;
        }
        int n = line[(i + 1)..].IndexOfAnyExcept(LabelNameChars);
        return n < 0 ? line.Length : i + 1 + n;
    }

    private static bool IsNameStart(byte c) => IsLabelStart(c) || c == (byte)':';

    private static bool IsLabelStart(byte c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || c == (byte)'_';

    private static int SkipBlanks(ReadOnlySpan<byte> line, int i)
    {
        while (i < line.Length && (line[i] == (byte)' ' || line[i] == (byte)'\t'))
        {
            i++;
        }
        return i;
    }

    private static int ScanToken(ReadOnlySpan<byte> line, int i)
    {
        int n = line[i..].IndexOfAny((byte)' ', (byte)'\t');
        return n < 0 ? line.Length : i + n;
    }

    /// <summary>A short, printable excerpt of bad input for error messages.</summary>
    internal static string Printable(ReadOnlySpan<byte> bytes)
    {
        var s = Encoding.UTF8.GetString(bytes.Length > 40 ? bytes[..40] : bytes);
        return s.Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);
    }
}

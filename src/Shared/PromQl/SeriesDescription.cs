using System.Globalization;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.PromQl;

/// <summary>
/// The series notation of promtool's <c>input_series</c> and the PromQL test scripts:
/// <c>name{l="v"} 1+2x3 _ _x2 stale -1-1x2 NaN Inf</c>. A value of null is a missing step;
/// <see cref="StaleMarker.Value"/> is a stale marker.
/// </summary>
public sealed record SeriesDescription(LabelSet Labels, IReadOnlyList<double?> Values)
{
    /// <summary>Parses one line; errors name the column (1-based) and the problem.</summary>
    public static SeriesDescription Parse(string line)
    {
        line = line.Trim();
        int split = MetricEnd(line);
        var metric = line[..split];
        LabelSet labels = ParseMetric(metric);
        var values = new List<double?>();
        int col = split;
        foreach (var token in line[split..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            col = line.IndexOf(token, col, StringComparison.Ordinal);
            if (token.StartsWith("{{", StringComparison.Ordinal))
            {
                throw new FormatException($"{col + 1}: native histogram values are not supported");
            }
            ExpandToken(token, values, col);
            col += token.Length;
        }
        return new SeriesDescription(labels, values);
    }

    /// <summary>The labels of a series line, ignoring its values (which may be in any notation).</summary>
    public static LabelSet ParseLabelsOnly(string line)
    {
        line = line.Trim();
        return ParseMetric(line[..MetricEnd(line)]);
    }

    /// <summary>Parses <c>name{l="v",...}</c> (only <c>=</c> matchers) into a label set.</summary>
    public static LabelSet ParseMetric(string metric)
    {
        IReadOnlyList<LabelMatcher> matchers;
        try
        {
            matchers = PromQlParser.ParseMetricSelector(metric);
        }
        catch (PromQlParseException e)
        {
            throw new FormatException(e.Message, e);
        }
        var list = new List<Label>(matchers.Count);
        foreach (var m in matchers)
        {
            if (m.Type != LabelMatchType.Equal)
            {
                throw new FormatException($"series labels must use '=': {m}");
            }
            if (m.Value.Length > 0)
            {
                list.Add(new Label(m.Name, m.Value));
            }
        }
        return LabelSet.From(list);
    }

    private static int MetricEnd(string line)
    {
        bool inQuote = false;
        char quote = '\0';
        int depth = 0;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (inQuote)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    inQuote = false;
                }
                continue;
            }
            switch (c)
            {
                case '"' or '\'' or '`' when depth > 0:
                    inQuote = true;
                    quote = c;
                    break;
                case '{':
                    depth++;
                    break;
                case '}':
                    depth--;
                    if (depth == 0)
                    {
                        return i + 1;
                    }
                    break;
                case ' ' or '\t' when depth == 0:
                    return i;
            }
        }
        return line.Length;
    }

    /// <summary>Expands one value token (<c>a</c>, <c>axn</c>, <c>a+bxn</c>, <c>a-bxn</c>, <c>_</c>, <c>_xn</c>, <c>stale</c>).</summary>
    public static void ExpandToken(string token, List<double?> values, int column = 0)
    {
        if (token == "_")
        {
            values.Add(null);
            return;
        }
        if (token.StartsWith("_x", StringComparison.Ordinal))
        {
            int n = ParseCount(token[2..], token, column);
            for (int i = 0; i < n; i++)
            {
                values.Add(null);
            }
            return;
        }
        if (token == "stale")
        {
            values.Add(StaleMarker.Value);
            return;
        }
        int pos = 0;
        double start = ReadNumber(token, ref pos, column);
        if (pos == token.Length)
        {
            values.Add(start);
            return;
        }
        double step = 0;
        if (token[pos] is '+' or '-')
        {
            bool negative = token[pos] == '-';
            pos++;
            step = ReadNumber(token, ref pos, column);
            if (negative)
            {
                step = -step;
            }
        }
        if (pos >= token.Length || token[pos] != 'x')
        {
            throw new FormatException($"{column + pos + 1}: bad value {token}: expected 'x<count>'");
        }
        int count = ParseCount(token[(pos + 1)..], token, column);
        double v = start;
        for (int i = 0; i <= count; i++)
        {
            values.Add(v);
            v += step;
        }
    }

    private static int ParseCount(string s, string token, int column)
    {
        if (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int n))
        {
            throw new FormatException($"{column + 1}: invalid repetition in series values: {token}");
        }
        return n;
    }

    private static double ReadNumber(string token, ref int pos, int column)
    {
        int start = pos;
        if (pos < token.Length && token[pos] is '+' or '-')
        {
            pos++;
        }
        foreach (var word in new[] { "Inf", "NaN", "inf", "nan", "+Inf" })
        {
            if (string.Compare(token, pos, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                pos += word.Length;
                var text = token[start..pos];
                return text.TrimStart('+', '-').Equals("nan", StringComparison.OrdinalIgnoreCase)
                    ? double.NaN
                    : text.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
            }
        }
        while (pos < token.Length && (char.IsAsciiDigit(token[pos]) || token[pos] == '.'))
        {
            pos++;
        }
        if (pos < token.Length && token[pos] is 'e' or 'E')
        {
            pos++;
            if (pos < token.Length && token[pos] is '+' or '-')
            {
                pos++;
            }
            while (pos < token.Length && char.IsAsciiDigit(token[pos]))
            {
                pos++;
            }
        }
        var number = token[start..pos];
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            throw new FormatException($"{column + start + 1}: bad number {GoQuote.Quote(number)} in series values {GoQuote.Quote(token)}");
        }
        return value;
    }
}

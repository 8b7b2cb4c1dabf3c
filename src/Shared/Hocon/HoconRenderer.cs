using System.Text;

namespace Aggregator.Shared.Hocon;

/// <summary>
/// Writes a value tree back as HOCON that parses to an equal tree: JSON-style with every string
/// quoted, or HOCON-style with unquoted keys and strings wherever that reads back the same.
/// </summary>
internal static class HoconRenderer
{
    /// <summary>Renders <paramref name="value"/>; <paramref name="unquoted"/> picks the HOCON style.</summary>
    public static string Render(HoconValue value, bool unquoted = false)
    {
        var text = new StringBuilder();
        Write(text, value, 0, unquoted);
        return text.ToString();
    }

    /// <summary>A JSON string literal.</summary>
    public static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                case '\b': quoted.Append("\\b"); break;
                case '\f': quoted.Append("\\f"); break;
                default:
                    if (c < ' ')
                    {
                        quoted.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        quoted.Append(c);
                    }
                    break;
            }
        }
        return quoted.Append('"').ToString();
    }

    /// <summary>True when <paramref name="text"/> reads back as itself without quotes.</summary>
    public static bool IsSafeUnquoted(string text)
    {
        if (text.Length == 0 || char.IsAsciiDigit(text[0]) || text[0] == '-' || text.Contains("//", StringComparison.Ordinal)
            || text.StartsWith("true", StringComparison.Ordinal) || text.StartsWith("false", StringComparison.Ordinal)
            || text.StartsWith("null", StringComparison.Ordinal) || text == "include")
        {
            return false;
        }
        foreach (char c in text)
        {
            if (!HoconTokenizer.IsUnquotedChar(c))
            {
                return false;
            }
        }
        return true;
    }

    private static void Write(StringBuilder text, HoconValue value, int depth, bool unquoted)
    {
        switch (value)
        {
            case HoconObject obj:
                WriteObject(text, obj, depth, unquoted);
                break;
            case HoconArray array:
                text.Append('[');
                for (int i = 0; i < array.Count; i++)
                {
                    text.Append(i == 0 ? "" : unquoted ? "\n" + Indent(depth + 1) : ", ");
                    Write(text, array[i], depth + 1, unquoted);
                }
                text.Append(']');
                break;
            case HoconScalar { Kind: HoconValueKind.String } s:
                text.Append(unquoted && IsSafeUnquoted(s.Text) ? s.Text : Quote(s.Text));
                break;
            case HoconScalar s:
                text.Append(s.Text);
                break;
        }
    }

    private static void WriteObject(StringBuilder text, HoconObject obj, int depth, bool unquoted)
    {
        text.Append('{');
        bool first = true;
        foreach (var (key, child) in obj)
        {
            text.Append(first || unquoted ? "\n" : ",\n").Append(Indent(depth + 1));
            first = false;
            text.Append(unquoted && IsSafeUnquoted(key) && !key.Contains('.') ? key : Quote(key));
            text.Append(unquoted ? (child is HoconObject ? " " : " = ") : " : ");
            Write(text, child, depth + 1, unquoted);
        }
        text.Append(obj.Count == 0 ? "" : "\n" + Indent(depth)).Append('}');
    }

    private static string Indent(int depth) => new(' ', depth * 2);
}

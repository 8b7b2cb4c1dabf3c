using System.Text;
using System.Text.RegularExpressions;

namespace Aggregator.Shared.PromQl;

/// <summary>
/// Translates RE2 (Go regexp) syntax into an equivalent .NET pattern: ASCII-only <c>\d \w \s</c>,
/// <c>$</c> as end of text, <c>(?P&lt;n&gt;</c> groups, <c>\pL</c> classes, POSIX <c>[[:alpha:]]</c>,
/// <c>\Q..\E</c>, and <c>.</c> matching one code point (a surrogate pair) as Go does. Constructs RE2
/// rejects (look-arounds, back-references, atomic groups) are rejected with Go's wording.
/// </summary>
internal static class Re2Translator
{
    private static readonly Dictionary<string, string> PosixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z",
        ["alpha"] = "A-Za-z",
        ["ascii"] = "\\x00-\\x7F",
        ["blank"] = "\\t ",
        ["cntrl"] = "\\x00-\\x1F\\x7F",
        ["digit"] = "0-9",
        ["graph"] = "!-~",
        ["lower"] = "a-z",
        ["print"] = " -~",
        ["punct"] = "!-/:-@\\[-`{-~",
        ["space"] = "\\t\\n\\v\\f\\r ",
        ["upper"] = "A-Z",
        ["word"] = "0-9A-Za-z_",
        ["xdigit"] = "0-9A-Fa-f",
    };

    public static bool TryTranslate(string source, out string translated, out string error)
    {
        var sb = new StringBuilder(source.Length + 16);
        bool inClass = false;
        int i = 0;
        while (i < source.Length)
        {
            char c = source[i];
            if (c == '\\')
            {
                if (i + 1 >= source.Length)
                {
                    return Fail(source, "trailing backslash at end of expression", "", out translated, out error);
                }
                char n = source[i + 1];
                switch (n)
                {
                    case 'd': sb.Append(inClass ? "0-9" : "[0-9]"); i += 2; continue;
                    case 'D': sb.Append(inClass ? "\\D" : "[^0-9]"); i += 2; continue;
                    case 'w': sb.Append(inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]"); i += 2; continue;
                    case 'W': sb.Append(inClass ? "\\W" : "[^0-9A-Za-z_]"); i += 2; continue;
                    case 's': sb.Append(inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]"); i += 2; continue;
                    case 'S': sb.Append(inClass ? "\\S" : "[^\\t\\n\\f\\r ]"); i += 2; continue;
                    case 'p' or 'P' when i + 2 < source.Length && source[i + 2] != '{':
                        sb.Append('\\').Append(n).Append('{').Append(source[i + 2]).Append('}');
                        i += 3;
                        continue;
                    case 'Q':
                        int end = source.IndexOf("\\E", i + 2, StringComparison.Ordinal);
                        var literal = end < 0 ? source[(i + 2)..] : source[(i + 2)..end];
                        sb.Append(Regex.Escape(literal));
                        i = end < 0 ? source.Length : end + 2;
                        continue;
                    case >= '1' and <= '9':
                    case 'k' or 'Z' or 'G' or 'R' or 'X' or 'c' or 'e' or 'g' or 'h' or 'H' or 'K' or 'N' or 'o' or 'V' or 'u':
                        return Fail(source, "invalid escape sequence", source.Substring(i, 2), out translated, out error);
                    default:
                        sb.Append(c).Append(n);
                        i += 2;
                        continue;
                }
            }
            if (inClass)
            {
                if (c == '[' && i + 1 < source.Length && source[i + 1] == ':')
                {
                    int close = source.IndexOf(":]", i + 2, StringComparison.Ordinal);
                    if (close > 0 && PosixClasses.TryGetValue(source[(i + 2)..close], out var expansion))
                    {
                        sb.Append(expansion);
                        i = close + 2;
                        continue;
                    }
                    sb.Append("\\[");
                    i++;
                    continue;
                }
                if (c == '[')
                {
                    // Note: .NET reads "[a-[b]]" as class subtraction; RE2 reads '[' literally.
                    sb.Append("\\[");
                    i++;
                    continue;
                }
                if (c == ']' && !ClassJustOpened(source, i))
                {
                    inClass = false;
                }
                sb.Append(c);
                i++;
                continue;
            }
            switch (c)
            {
                case '[':
                    inClass = true;
                    sb.Append(c);
                    i++;
                    if (i < source.Length && source[i] == '^')
                    {
                        sb.Append('^');
                        i++;
                    }
                    if (i < source.Length && source[i] == ']')
                    {
                        sb.Append("\\]");
                        i++;
                    }
                    continue;
                case '{' when RepeatLength(source, i) > 0:
                    var repeat = source.Substring(i, RepeatLength(source, i));
                    if (!RepeatCountAllowed(repeat))
                    {
                        return Fail(source, "invalid repeat count", repeat, out translated, out error);
                    }
                    sb.Append(repeat);
                    i += repeat.Length;
                    continue;
                case '$':
                    sb.Append("\\z");
                    i++;
                    continue;
                case '.':
                    sb.Append("(?:[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|.)");
                    i++;
                    continue;
                case '(' when i + 1 < source.Length && source[i + 1] == '?':
                    var rest = source.AsSpan(i);
                    if (rest.StartsWith("(?P<"))
                    {
                        sb.Append("(?<");
                        i += 4;
                        continue;
                    }
                    if (rest.StartsWith("(?=") || rest.StartsWith("(?!") || rest.StartsWith("(?<") || rest.StartsWith("(?>") || rest.StartsWith("(?#"))
                    {
                        return Fail(source, "invalid or unsupported Perl syntax", rest[..3].ToString(), out translated, out error);
                    }
                    sb.Append(c);
                    i++;
                    continue;
                default:
                    sb.Append(c);
                    i++;
                    continue;
            }
        }
        if (inClass)
        {
            return Fail(source, "missing closing ]", source[source.LastIndexOf('[')..], out translated, out error);
        }
        translated = sb.ToString();
        error = string.Empty;
        return true;
    }

    /// <summary>RE2's limit on <c>{n}</c>, <c>{n,}</c> and <c>{n,m}</c>: no count above 1000, and n at most m.</summary>
    public const int MaxRepeat = 1000;

    /// <summary>The length of a repeat <c>{n}</c>, <c>{n,}</c> or <c>{n,m}</c> at <paramref name="i"/>, or 0 when the brace is a literal (as in RE2).</summary>
    private static int RepeatLength(string source, int i)
    {
        int j = i + 1;
        int digits = 0;
        while (j < source.Length && char.IsAsciiDigit(source[j]))
        {
            j++;
            digits++;
        }
        if (digits == 0 || j >= source.Length)
        {
            return 0;
        }
        if (source[j] == ',')
        {
            j++;
            while (j < source.Length && char.IsAsciiDigit(source[j]))
            {
                j++;
            }
        }
        return j < source.Length && source[j] == '}' ? j - i + 1 : 0;
    }

    private static bool RepeatCountAllowed(string repeat)
    {
        var inner = repeat.AsSpan(1, repeat.Length - 2);
        int comma = inner.IndexOf(',');
        var minText = comma < 0 ? inner : inner[..comma];
        var maxText = comma < 0 ? inner : inner[(comma + 1)..];
        if (!int.TryParse(minText, out int min) || min > MaxRepeat)
        {
            return false;
        }
        if (maxText.Length == 0)
        {
            return true;
        }
        return int.TryParse(maxText, out int max) && max <= MaxRepeat && min <= max;
    }

    private static bool ClassJustOpened(string source, int i) =>
        (i >= 1 && source[i - 1] == '[' && (i < 2 || source[i - 2] != '\\')) ||
        (i >= 2 && source[i - 1] == '^' && source[i - 2] == '[');

    /// <summary>Go's wording for a .NET regex parse failure: <c>error parsing regexp: code: `expr`</c>.</summary>
    public static string DescribeError(string source, ArgumentException e)
    {
        if (e is RegexParseException p)
        {
            var code = p.Error switch
            {
                RegexParseError.InsufficientClosingParentheses => "missing closing )",
                RegexParseError.InsufficientOpeningParentheses => "unexpected )",
                RegexParseError.UnterminatedBracket => "missing closing ]",
                RegexParseError.QuantifierAfterNothing => "missing argument to repetition operator",
                RegexParseError.NestedQuantifiersNotParenthesized => "invalid nested repetition operator",
                RegexParseError.ReversedCharacterRange => "invalid character class range",
                RegexParseError.ReversedQuantifierRange => "invalid repeat count",
                RegexParseError.UnrecognizedEscape => "invalid escape sequence",
                _ => "invalid regexp (" + p.Error + ")",
            };
            return $"error parsing regexp: {code}: `{source}`";
        }
        return $"error parsing regexp: invalid or unsupported Perl syntax: `{source}`";
    }

    private static bool Fail(string source, string code, string fragment, out string translated, out string error)
    {
        translated = string.Empty;
        error = $"error parsing regexp: {code}: `{(fragment.Length > 0 ? fragment : source)}`";
        return false;
    }
}

using System.Text;
using System.Text.RegularExpressions;

namespace Aggregator.Shared.Hocon;

/// <summary>
/// Splits HOCON text into tokens (HOCON.md "Syntax"): comments are dropped, whitespace runs and
/// newlines are kept because value concatenation and field separation depend on them.
/// </summary>
internal sealed partial class HoconTokenizer
{
    // Note: the characters HOCON reserves; they end an unquoted string and may not appear in one.
    private const string Forbidden = "$\"{}[]:=,+#`^?!@*&\\";
    private const string NumberChars = "0123456789+-.eE";

    private readonly string _text;
    private readonly string _file;
    private int _index;
    private int _line = 1;
    private int _column = 1;

    public HoconTokenizer(string text, string file)
    {
        _text = text;
        _file = file;
        if (_text.Length > 0 && _text[0] == '\uFEFF')
        {
            Advance();
        }
    }

    /// <summary>Tokenizes the whole text; the last token is <see cref="HoconTokenKind.End"/>.</summary>
    public static List<HoconToken> Tokenize(string text, string file)
    {
        var tokenizer = new HoconTokenizer(text, file);
        var tokens = new List<HoconToken>();
        HoconToken token;
        do
        {
            token = tokenizer.Next();
            tokens.Add(token);
        }
        while (token.Kind != HoconTokenKind.End);
        return tokens;
    }

    /// <summary>True for HOCON whitespace: Unicode separators, ASCII controls 9-13 and 28-31, and the BOM.</summary>
    public static bool IsWhitespace(char c) =>
        char.IsWhiteSpace(c) || c == '\uFEFF' || (c >= '\x1C' && c <= '\x1F');

    /// <summary>True when <paramref name="c"/> may appear in an unquoted string.</summary>
    public static bool IsUnquotedChar(char c) => !IsWhitespace(c) && !Forbidden.Contains(c);

    /// <summary>Reads the next token, skipping comments.</summary>
    public HoconToken Next()
    {
        while (true)
        {
            var position = Position;
            if (_index >= _text.Length)
            {
                return new HoconToken(HoconTokenKind.End, "", position);
            }
            char c = _text[_index];
            if (c == '#' || (c == '/' && Peek(1) == '/'))
            {
                SkipComment();
                continue;
            }
            if (c == '\n')
            {
                Advance();
                return new HoconToken(HoconTokenKind.Newline, "\n", position);
            }
            if (IsWhitespace(c))
            {
                return ReadWhitespace(position);
            }
            switch (c)
            {
                case ',': Advance(); return new HoconToken(HoconTokenKind.Comma, ",", position);
                case ':': Advance(); return new HoconToken(HoconTokenKind.Colon, ":", position);
                case '=': Advance(); return new HoconToken(HoconTokenKind.Equals, "=", position);
                case '{': Advance(); return new HoconToken(HoconTokenKind.OpenBrace, "{", position);
                case '}': Advance(); return new HoconToken(HoconTokenKind.CloseBrace, "}", position);
                case '[': Advance(); return new HoconToken(HoconTokenKind.OpenBracket, "[", position);
                case ']': Advance(); return new HoconToken(HoconTokenKind.CloseBracket, "]", position);
                case '+':
                    if (Peek(1) == '=')
                    {
                        Advance();
                        Advance();
                        return new HoconToken(HoconTokenKind.PlusEquals, "+=", position);
                    }
                    throw new HoconException(position, "expected '=' after '+' (the '+=' operator); '+' is reserved in unquoted text, quote the string");
                case '"':
                    return Peek(1) == '"' && Peek(2) == '"' ? ReadTripleQuoted(position) : ReadQuoted(position);
                case '$':
                    if (Peek(1) == '{')
                    {
                        return ReadSubstitution(position);
                    }
                    throw new HoconException(position, "expected '{' after '$' (a substitution is written ${path}); '$' is reserved in unquoted text, quote the string");
            }
            if (Forbidden.Contains(c))
            {
                throw new HoconException(position, $"'{c}' is reserved and cannot appear in unquoted text; quote the string");
            }
            if (c == '-' || char.IsAsciiDigit(c))
            {
                return ReadNumberOrText(position);
            }
            foreach (var (word, kind) in Keywords)
            {
                if (string.CompareOrdinal(_text, _index, word, 0, word.Length) == 0)
                {
                    AdvanceBy(word.Length);
                    return new HoconToken(kind, word, position);
                }
            }
            return new HoconToken(HoconTokenKind.UnquotedText, ReadUnquotedRun(new StringBuilder()), position);
        }
    }

    private static readonly (string Word, HoconTokenKind Kind)[] Keywords =
    [
        ("true", HoconTokenKind.True),
        ("false", HoconTokenKind.False),
        ("null", HoconTokenKind.Null),
    ];

    private HoconPosition Position => new(_file, _line, _column);

    private char Peek(int offset) => _index + offset < _text.Length ? _text[_index + offset] : '\0';

    private void Advance()
    {
        if (_text[_index] == '\n')
        {
            _line++;
            _column = 1;
        }
        else if (!char.IsLowSurrogate(_text[_index]))
        {
            _column++;
        }
        _index++;
    }

    private void AdvanceBy(int count)
    {
        for (int i = 0; i < count; i++)
        {
            Advance();
        }
    }

    private void SkipComment()
    {
        while (_index < _text.Length && _text[_index] != '\n')
        {
            Advance();
        }
    }

    private HoconToken ReadWhitespace(HoconPosition position)
    {
        int start = _index;
        while (_index < _text.Length && _text[_index] != '\n' && IsWhitespace(_text[_index]))
        {
            Advance();
        }
        return new HoconToken(HoconTokenKind.Whitespace, _text[start.._index], position);
    }

    private string ReadUnquotedRun(StringBuilder text)
    {
        while (_index < _text.Length)
        {
            char c = _text[_index];
            if (!IsUnquotedChar(c) || (c == '/' && Peek(1) == '/'))
            {
                break;
            }
            text.Append(c);
            Advance();
        }
        return text.ToString();
    }

    private HoconToken ReadNumberOrText(HoconPosition position)
    {
        int start = _index;
        while (_index < _text.Length && NumberChars.Contains(_text[_index]))
        {
            Advance();
        }
        string candidate = _text[start.._index];
        if (JsonNumber().IsMatch(candidate))
        {
            return new HoconToken(HoconTokenKind.Number, candidate, position);
        }
        int plus = candidate.IndexOf('+');
        if (plus >= 0)
        {
            throw new HoconException(position with { Column = position.Column + plus }, $"'{candidate}' is not a number and '+' is reserved in unquoted text; quote the string");
        }
        // Note: like Lightbend config, characters that only look numeric (1.2.3, 10.0.0.1, -foo)
        // are unquoted text, so addresses and versions need no quotes.
        return new HoconToken(HoconTokenKind.UnquotedText, ReadUnquotedRun(new StringBuilder(candidate)), position);
    }

    private HoconToken ReadQuoted(HoconPosition position)
    {
        Advance();
        var text = new StringBuilder();
        while (true)
        {
            if (_index >= _text.Length)
            {
                throw new HoconException(position, "unterminated quoted string: expected a closing '\"' before the end of file");
            }
            char c = _text[_index];
            if (c == '"')
            {
                Advance();
                return new HoconToken(HoconTokenKind.QuotedString, text.ToString(), position);
            }
            if (c == '\n')
            {
                throw new HoconException(position, "unterminated quoted string: expected a closing '\"' before the end of the line (use \\n or a triple-quoted string for multi-line text)");
            }
            if (c < ' ')
            {
                throw new HoconException(Position, $"control character U+{(int)c:X4} in a quoted string; write it as an escape such as \\t or \\u{(int)c:X4}");
            }
            if (c == '\\')
            {
                text.Append(ReadEscape());
                continue;
            }
            text.Append(c);
            Advance();
        }
    }

    private char ReadEscape()
    {
        var position = Position;
        Advance();
        char e = _index < _text.Length ? _text[_index] : '\0';
        char result;
        switch (e)
        {
            case '"': result = '"'; break;
            case '\\': result = '\\'; break;
            case '/': result = '/'; break;
            case 'b': result = '\b'; break;
            case 'f': result = '\f'; break;
            case 'n': result = '\n'; break;
            case 'r': result = '\r'; break;
            case 't': result = '\t'; break;
            case 'u':
                if (_index + 4 < _text.Length && ushort.TryParse(_text.AsSpan(_index + 1, 4), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var code))
                {
                    AdvanceBy(5);
                    return (char)code;
                }
                throw new HoconException(position, "invalid escape: expected four hex digits after \\u");
            default:
                throw new HoconException(position, $"invalid escape '\\{(e == '\0' ? "" : e.ToString())}' in a quoted string; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
        }
        Advance();
        return result;
    }

    private HoconToken ReadTripleQuoted(HoconPosition position)
    {
        AdvanceBy(3);
        int start = _index;
        while (true)
        {
            if (_index >= _text.Length)
            {
                throw new HoconException(position, "unterminated triple-quoted string: expected a closing '\"\"\"' before the end of file");
            }
            if (_text[_index] == '"' && Peek(1) == '"' && Peek(2) == '"')
            {
                // Note: extra quotes before the closing three belong to the string ("""a"""" is a").
                while (Peek(3) == '"')
                {
                    Advance();
                }
                string text = _text[start.._index];
                AdvanceBy(3);
                return new HoconToken(HoconTokenKind.QuotedString, text, position);
            }
            Advance();
        }
    }

    private HoconToken ReadSubstitution(HoconPosition position)
    {
        AdvanceBy(2);
        bool optional = false;
        if (Peek(0) == '?')
        {
            optional = true;
            Advance();
        }
        var parts = new List<HoconToken>();
        while (true)
        {
            var token = Next();
            if (token.Kind == HoconTokenKind.CloseBrace)
            {
                break;
            }
            if (token.Kind != HoconTokenKind.Whitespace && !token.IsSimple)
            {
                throw new HoconException(token.Position, $"expected '}}' to close the substitution opened at {position.Line}:{position.Column}, got {token.Describe()}");
            }
            parts.Add(token);
        }
        if (parts.TrueForAll(p => p.Kind == HoconTokenKind.Whitespace))
        {
            throw new HoconException(position, "empty substitution: expected a path such as ${a.b}");
        }
        return new HoconToken(HoconTokenKind.Substitution, optional ? "${?}" : "${}", position) { Optional = optional, PathTokens = parts };
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();
}

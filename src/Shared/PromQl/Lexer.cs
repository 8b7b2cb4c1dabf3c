namespace Aggregator.Shared.PromQl;

/// <summary>
/// PromQL lexer, state for state as Prometheus's (statements, inside braces, inside brackets,
/// durations, strings), so that tokens and lexer errors (text and position) are the same.
/// Positions are char indexes; <see cref="PromQlParseException"/> converts them to byte columns.
/// </summary>
internal sealed class Lexer
{
    private readonly string _input;
    private int _pos;
    private int _start;
    private int _parenDepth;
    private bool _braceOpen;
    private bool _bracketOpen;
    private bool _gotColon;
    private bool _done;

    public Lexer(string input)
    {
        _input = input;
    }

    public string Input => _input;

    /// <summary>The next token, comments skipped; after an error or end of input, end of input forever.</summary>
    public Token Next()
    {
        while (true)
        {
            var t = NextRaw();
            if (t.Kind != TokenKind.Comment)
            {
                return t;
            }
        }
    }

    private Token NextRaw()
    {
        if (_done)
        {
            return new Token(TokenKind.Eof, _input.Length, string.Empty);
        }
        while (true)
        {
            var token = _braceOpen ? LexInsideBraces() : LexStatement();
            if (token is { } t)
            {
                if (t.Kind is TokenKind.Error or TokenKind.Eof)
                {
                    _done = true;
                }
                return t;
            }
        }
    }

    private int Peek() => _pos < _input.Length ? _input[_pos] : -1;

    private int Read() => _pos < _input.Length ? _input[_pos++] : -1;

    private Token Emit(TokenKind kind)
    {
        var t = new Token(kind, _start, _input[_start.._pos]);
        _start = _pos;
        return t;
    }

    private Token Error(string message) => new(TokenKind.Error, _start, message);

    private Token? LexStatement()
    {
        if (_input.AsSpan(_pos).StartsWith("#"))
        {
            return LexComment();
        }
        if (_afterBracket)
        {
            _afterBracket = false;
            return LexDuration();
        }
        int r = Read();
        switch (r)
        {
            case -1:
                if (_parenDepth != 0)
                {
                    return Error("unclosed left parenthesis");
                }
                if (_bracketOpen)
                {
                    return Error("unclosed left bracket");
                }
                return Emit(TokenKind.Eof);
            case ',': return Emit(TokenKind.Comma);
            case ' ' or '\t' or '\n' or '\r': SkipSpace(); return null;
            case '*': return Emit(TokenKind.Mul);
            case '/': return Emit(TokenKind.Div);
            case '%': return Emit(TokenKind.Mod);
            case '+': return Emit(TokenKind.Add);
            case '-': return Emit(TokenKind.Sub);
            case '^': return Emit(TokenKind.Pow);
            case '@': return Emit(TokenKind.At);
            case '=':
                if (Peek() == '=')
                {
                    _pos++;
                    return Emit(TokenKind.Eqlc);
                }
                if (Peek() == '~')
                {
                    return Error("unexpected character after '=': '~'");
                }
                return Emit(TokenKind.Eql);
            case '!':
                int n = Read();
                return n == '=' ? Emit(TokenKind.Neq) : Error("unexpected character after '!': " + QuoteRune(n));
            case '<':
                if (Peek() == '=')
                {
                    _pos++;
                    return Emit(TokenKind.Lte);
                }
                return Emit(TokenKind.Lss);
            case '>':
                if (Peek() == '=')
                {
                    _pos++;
                    return Emit(TokenKind.Gte);
                }
                return Emit(TokenKind.Gtr);
            case '"' or '\'':
                return LexString((char)r);
            case '`':
                return LexRawString();
            case '(':
                _parenDepth++;
                return Emit(TokenKind.LeftParen);
            case ')':
                _parenDepth--;
                if (_parenDepth < 0)
                {
                    // Note: Go emits the ')' and then overwrites it with the error, placed after it.
                    _start = _pos;
                    return Error("unexpected right parenthesis ')'");
                }
                return Emit(TokenKind.RightParen);
            case '{':
                _braceOpen = true;
                return Emit(TokenKind.LeftBrace);
            case '[':
                if (_bracketOpen)
                {
                    return Error("unexpected left bracket '['");
                }
                _gotColon = false;
                var lb = Emit(TokenKind.LeftBracket);
                while (Peek() is ' ' or '\t' or '\n' or '\r')
                {
                    _pos++;
                }
                _start = _pos;
                _bracketOpen = true;
                _afterBracket = true;
                return lb;
            case ']':
                if (!_bracketOpen)
                {
                    return Error("unexpected right bracket ']'");
                }
                _bracketOpen = false;
                return Emit(TokenKind.RightBracket);
        }
        if (IsDigit(r) || (r == '.' && IsDigit(Peek())))
        {
            _pos--;
            return LexNumberOrDuration();
        }
        if (IsAlpha(r) || r == ':')
        {
            if (!_bracketOpen)
            {
                _pos--;
                return LexKeywordOrIdentifier();
            }
            if (_gotColon)
            {
                return Error("unexpected colon ':'");
            }
            _gotColon = true;
            return Emit(TokenKind.Colon);
        }
        return Error("unexpected character: " + QuoteRune(r));
    }

    private bool _afterBracket;

    private Token? LexInsideBraces()
    {
        if (_input.AsSpan(_pos).StartsWith("#"))
        {
            return LexComment();
        }
        int r = Read();
        switch (r)
        {
            case -1: return Error("unexpected end of input inside braces");
            case ' ' or '\t' or '\n' or '\r': SkipSpace(); return null;
            case ',': return Emit(TokenKind.Comma);
            case '"' or '\'': return LexString((char)r);
            case '`': return LexRawString();
            case '=':
                if (Peek() == '~')
                {
                    _pos++;
                    return Emit(TokenKind.EqlRegex);
                }
                return Emit(TokenKind.Eql);
            case '!':
                int n = Read();
                if (n == '~')
                {
                    return Emit(TokenKind.NeqRegex);
                }
                if (n == '=')
                {
                    return Emit(TokenKind.Neq);
                }
                return Error("unexpected character after '!' inside braces: " + QuoteRune(n));
            case '{': return Error("unexpected left brace '{'");
            case '}':
                _braceOpen = false;
                return Emit(TokenKind.RightBrace);
        }
        if (IsAlpha(r))
        {
            while (IsAlphaNumeric(Peek()))
            {
                _pos++;
            }
            return Emit(TokenKind.Identifier);
        }
        return Error("unexpected character inside braces: " + QuoteRune(r));
    }

    private Token LexComment()
    {
        _pos++;
        while (Peek() is not (-1 or '\n' or '\r'))
        {
            _pos++;
        }
        return Emit(TokenKind.Comment);
    }

    private void SkipSpace()
    {
        while (Peek() is ' ' or '\t' or '\n' or '\r')
        {
            _pos++;
        }
        _start = _pos;
    }

    private Token LexString(char quote)
    {
        while (true)
        {
            int c = Read();
            if (c == '\\')
            {
                if (LexEscape(quote) is { } error)
                {
                    return error;
                }
                continue;
            }
            if (c is -1 or '\n')
            {
                return Error("unterminated quoted string");
            }
            if (c == quote)
            {
                return Emit(TokenKind.String);
            }
        }
    }

    private Token? LexEscape(char quote)
    {
        int c = Read();
        int n;
        uint radix, max;
        switch (c)
        {
            case 'a' or 'b' or 'f' or 'n' or 'r' or 't' or 'v' or '\\':
                return null;
            case >= '0' and <= '7':
                n = 3; radix = 8; max = 255;
                break;
            case 'x':
                c = Read(); n = 2; radix = 16; max = 255;
                break;
            case 'u':
                c = Read(); n = 4; radix = 16; max = 0x10ffff;
                break;
            case 'U':
                c = Read(); n = 8; radix = 16; max = 0x10ffff;
                break;
            case -1:
                return Error("escape sequence not terminated");
            default:
                if (c == quote)
                {
                    return null;
                }
                return Error($"unknown escape sequence U+{c:X4} {QuoteRune(c)}");
        }
        uint x = 0;
        while (n > 0)
        {
            uint d = DigitValue(c);
            if (d >= radix)
            {
                if (c == -1)
                {
                    return Error("escape sequence not terminated");
                }
                return Error($"illegal character U+{c:X4} {QuoteRune(c)} in escape sequence");
            }
            x = (x * radix) + d;
            n--;
            if (n > 0)
            {
                c = Read();
            }
        }
        if (x > max || (x >= 0xD800 && x < 0xE000))
        {
            return Error("escape sequence is an invalid Unicode code point");
        }
        return null;
    }

    private static uint DigitValue(int c) => c switch
    {
        >= '0' and <= '9' => (uint)(c - '0'),
        >= 'a' and <= 'f' => (uint)(c - 'a' + 10),
        >= 'A' and <= 'F' => (uint)(c - 'A' + 10),
        _ => 16,
    };

    private Token LexRawString()
    {
        while (true)
        {
            int c = Read();
            if (c == -1)
            {
                return Error("unterminated raw string");
            }
            if (c == '`')
            {
                return Emit(TokenKind.String);
            }
        }
    }

    private Token LexDuration()
    {
        if (ScanNumber())
        {
            // Note: Prometheus 3.x reads a plain number in brackets as seconds ("[600]").
            return Emit(TokenKind.Number);
        }
        if (!AcceptRemainingDuration())
        {
            return Error("bad duration syntax: " + GoQuote.Quote(_input[_start..Math.Min(_pos, _input.Length)]));
        }
        _pos--;
        return Emit(TokenKind.Duration);
    }

    private Token LexNumberOrDuration()
    {
        if (ScanNumber())
        {
            return Emit(TokenKind.Number);
        }
        if (AcceptRemainingDuration())
        {
            _pos--;
            return Emit(TokenKind.Duration);
        }
        return Error("bad number or duration syntax: " + GoQuote.Quote(_input[_start..Math.Min(_pos, _input.Length)]));
    }

    private bool Accept(string valid)
    {
        int c = Peek();
        if (c >= 0 && valid.Contains((char)c))
        {
            _pos++;
            return true;
        }
        return false;
    }

    private void AcceptRun(string valid)
    {
        while (Accept(valid))
        {
        }
    }

    private bool AcceptRemainingDuration()
    {
        if (!Accept("smhdwy"))
        {
            return false;
        }
        Accept("s");
        while (Accept("0123456789"))
        {
            AcceptRun("0123456789");
            if (!Accept("smhdwy"))
            {
                return false;
            }
            Accept("s");
        }
        // Note: mirrors Go, which reads one rune past and backs up (at end of input too).
        int next = Read();
        if (next == -1)
        {
            _pos++;
        }
        if (IsAlphaNumeric(next))
        {
            return false;
        }
        return true;
    }

    private bool ScanNumber()
    {
        const string decimalDigits = "0123456789";
        string digits = decimalDigits;
        if (Accept("0"))
        {
            if (Accept("xX"))
            {
                digits = "0123456789abcdefABCDEF";
            }
        }
        AcceptRun(digits);
        if (Accept("."))
        {
            AcceptRun(digits);
        }
        if (Accept("eE"))
        {
            Accept("+-");
            AcceptRun(decimalDigits);
        }
        return !IsAlphaNumeric(Peek());
    }

    private Token LexKeywordOrIdentifier()
    {
        while (IsAlphaNumeric(Peek()) || Peek() == ':')
        {
            _pos++;
        }
        var word = _input[_start.._pos];
        var lower = word.ToLowerInvariant();
        if (TokenText.Keywords.TryGetValue(lower, out var kind))
        {
            return Emit(kind);
        }
        if (lower is "inf" or "nan")
        {
            return Emit(TokenKind.Number);
        }
        return Emit(word.Contains(':') ? TokenKind.MetricIdentifier : TokenKind.Identifier);
    }

    private static bool IsDigit(int c) => c is >= '0' and <= '9';

    private static bool IsAlpha(int c) => c == '_' || c is >= 'a' and <= 'z' || c is >= 'A' and <= 'Z';

    private static bool IsAlphaNumeric(int c) => IsAlpha(c) || IsDigit(c);

    private static string QuoteRune(int c)
    {
        if (c < 0)
        {
            return "'\\x00'";
        }
        var s = GoQuote.Quote(((char)c).ToString());
        return "'" + s[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
    }
}

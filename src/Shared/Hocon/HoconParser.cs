namespace Aggregator.Shared.Hocon;

/// <summary>
/// Turns tokens into an unresolved tree (HOCON.md "Syntax"): optional root braces, ':' '=' '+='
/// or an omitted separator before '{', commas or newlines between fields, path keys, value
/// concatenation, and include statements (parsed in place, relative to the including file).
/// </summary>
internal sealed class HoconParser
{
    private readonly List<HoconToken> _tokens;
    private readonly HoconIncluder _includer;
    private readonly string _file;
    private readonly string[] _includePrefix;
    private int _index;
    private int _depth;

    /// <summary>Objects and arrays nest at most this deep, so that hostile input cannot exhaust the stack.</summary>
    public const int MaxDepth = 200;

    private HoconParser(List<HoconToken> tokens, string file, string[] includePrefix, HoconIncluder includer)
    {
        _tokens = tokens;
        _file = file;
        _includePrefix = includePrefix;
        _includer = includer;
    }

    /// <summary>Parses a whole document; its root is an object or an array.</summary>
    public static HoconRawNode Parse(string text, string file, HoconIncluder includer, string[]? includePrefix = null)
    {
        var parser = new HoconParser(HoconTokenizer.Tokenize(text, file), file, includePrefix ?? [], includer);
        return parser.ParseDocument();
    }

    private HoconToken Peek => _tokens[_index];

    private HoconToken Take() => _tokens[_index++];

    private void SkipSpaces()
    {
        while (Peek.Kind == HoconTokenKind.Whitespace)
        {
            _index++;
        }
    }

    private void SkipSpacesAndNewlines()
    {
        while (Peek.Kind is HoconTokenKind.Whitespace or HoconTokenKind.Newline)
        {
            _index++;
        }
    }

    /// <summary>Skips whitespace and newlines after a value; true when a newline was among them.</summary>
    private bool SkipSeparatorSpace()
    {
        // Note: JSON allows a newline before a comma ("a": 1\n, "b": 2), so a comma may follow newlines.
        bool newline = false;
        while (Peek.Kind is HoconTokenKind.Whitespace or HoconTokenKind.Newline)
        {
            newline |= Peek.Kind == HoconTokenKind.Newline;
            _index++;
        }
        return newline;
    }

    private HoconRawNode ParseDocument()
    {
        SkipSpacesAndNewlines();
        HoconRawNode root;
        if (Peek.Kind == HoconTokenKind.OpenBracket)
        {
            root = ParseArray(_includePrefix);
        }
        else if (Peek.Kind == HoconTokenKind.OpenBrace)
        {
            var open = Take();
            var obj = new HoconRawObject(open.Position, _includePrefix);
            ParseFields(obj, open);
            root = obj;
        }
        else
        {
            var obj = new HoconRawObject(Peek.Position, _includePrefix);
            ParseFields(obj, open: null);
            root = obj;
        }
        SkipSpacesAndNewlines();
        if (Peek.Kind != HoconTokenKind.End)
        {
            throw Expected("end of file after the root value", Peek);
        }
        return root;
    }

    private void ParseFields(HoconRawObject target, HoconToken? open)
    {
        using var nesting = Nest(open ?? Peek);
        while (true)
        {
            SkipSpacesAndNewlines();
            var token = Peek;
            if (open is not null && token.Kind == HoconTokenKind.CloseBrace)
            {
                _index++;
                return;
            }
            if (token.Kind == HoconTokenKind.End)
            {
                if (open is null)
                {
                    return;
                }
                throw new HoconException(token.Position, $"expected '}}' to close the object opened at {open.Position.Line}:{open.Position.Column}, got end of file");
            }
            if (open is null && token.Kind == HoconTokenKind.CloseBrace)
            {
                throw new HoconException(token.Position, "unbalanced '}': the file does not start with '{'");
            }
            if (token.Kind == HoconTokenKind.Comma)
            {
                throw Expected("a key (a leading or doubled ',' is not allowed)", token);
            }
            ParseField(target);
            bool newline = SkipSeparatorSpace();
            token = Peek;
            if (token.Kind == HoconTokenKind.Comma)
            {
                _index++;
            }
            else if (!newline && token.Kind is not (HoconTokenKind.CloseBrace or HoconTokenKind.End))
            {
                throw Expected(token.Kind == HoconTokenKind.Colon
                    ? "',' or a newline after the value (':' is reserved in unquoted text; quote values such as URLs)"
                    : "',' or a newline after the value", token);
            }
        }
    }

    private void ParseField(HoconRawObject target)
    {
        var start = Peek;
        if (start.Kind == HoconTokenKind.UnquotedText && start.Text == "include")
        {
            ParseInclude(target);
            return;
        }
        var keyTokens = new List<HoconToken>();
        while (Peek.IsSimple || Peek.Kind == HoconTokenKind.Whitespace)
        {
            keyTokens.Add(Take());
        }
        if (keyTokens.Count == 0)
        {
            throw Expected("a key (a name, a quoted string or a path such as a.b)", Peek);
        }
        var keys = HoconPath.FromTokens(keyTokens);
        var fieldPath = (string[])[.. target.Path, .. keys];
        if (fieldPath.Length > MaxDepth)
        {
            // Note: a path key a.b.c... nests objects as braces do, so it shares their limit.
            throw new HoconException(start.Position, $"the key '{HoconPath.Render(keys.Take(8).ToArray())}...' nests objects deeper than {MaxDepth} levels");
        }
        var separator = Peek;
        bool append = false;
        switch (separator.Kind)
        {
            case HoconTokenKind.Colon or HoconTokenKind.Equals:
                _index++;
                break;
            case HoconTokenKind.PlusEquals:
                _index++;
                append = true;
                break;
            case HoconTokenKind.OpenBrace:
                break;
            default:
                throw Expected($"':', '=', '+=' or '{{' after the key '{HoconPath.Render(keys)}'", separator);
        }
        if (separator.Kind == HoconTokenKind.Colon)
        {
            // Note: JSON allows a newline after ':'; after '=' a newline means the value is missing.
            SkipSpacesAndNewlines();
        }
        else
        {
            SkipSpaces();
        }
        var value = ParseValue(fieldPath)
            ?? throw Expected($"a value for '{HoconPath.Render(keys)}'", Peek);
        if (append)
        {
            // Note: a += v is defined as a = ${?a} [v] (HOCON.md "+= field separator").
            var self = new HoconRawSubstitution(separator.Position, fieldPath, fieldPath, fieldPath, optional: true, consultEnvironment: false);
            value = new HoconRawConcat(separator.Position, [self, new HoconRawArray(value.Position, [value])]);
        }
        target.Assign(keys, value, start.Position);
    }

    private HoconRawNode? ParseValue(string[] fieldPath)
    {
        var parts = new List<HoconRawNode>();
        while (true)
        {
            var token = Peek;
            switch (token.Kind)
            {
                case HoconTokenKind.Whitespace:
                    parts.Add(new HoconRawScalar(token.Position, HoconValueKind.String, token.Text, isWhitespace: true));
                    break;
                case HoconTokenKind.QuotedString or HoconTokenKind.UnquotedText:
                    parts.Add(new HoconRawScalar(token.Position, HoconValueKind.String, token.Text));
                    break;
                case HoconTokenKind.Number:
                    parts.Add(new HoconRawScalar(token.Position, HoconValueKind.Number, token.Text));
                    break;
                case HoconTokenKind.True or HoconTokenKind.False:
                    parts.Add(new HoconRawScalar(token.Position, HoconValueKind.Boolean, token.Text));
                    break;
                case HoconTokenKind.Null:
                    parts.Add(new HoconRawScalar(token.Position, HoconValueKind.Null, token.Text));
                    break;
                case HoconTokenKind.Substitution:
                    var written = HoconPath.FromTokens(token.PathTokens);
                    parts.Add(new HoconRawSubstitution(token.Position, [.. _includePrefix, .. written], written, fieldPath, token.Optional));
                    break;
                case HoconTokenKind.OpenBrace:
                    _index++;
                    var obj = new HoconRawObject(token.Position, fieldPath);
                    ParseFields(obj, token);
                    parts.Add(obj);
                    continue;
                case HoconTokenKind.OpenBracket:
                    parts.Add(ParseArray(fieldPath));
                    continue;
                default:
                    return Finish(parts);
            }
            _index++;
        }
    }

    private static HoconRawNode? Finish(List<HoconRawNode> parts)
    {
        int first = parts.FindIndex(p => p is not HoconRawScalar { IsWhitespace: true });
        int last = parts.FindLastIndex(p => p is not HoconRawScalar { IsWhitespace: true });
        if (first < 0)
        {
            return null;
        }
        if (first == last)
        {
            return parts[first];
        }
        return new HoconRawConcat(parts[first].Position, parts.GetRange(first, last - first + 1));
    }

    private HoconRawArray ParseArray(string[] fieldPath)
    {
        var open = Take();
        using var nesting = Nest(open);
        var items = new List<HoconRawNode>();
        while (true)
        {
            SkipSpacesAndNewlines();
            var token = Peek;
            if (token.Kind == HoconTokenKind.CloseBracket)
            {
                _index++;
                return new HoconRawArray(open.Position, items);
            }
            if (token.Kind == HoconTokenKind.End)
            {
                throw new HoconException(token.Position, $"expected ']' to close the array opened at {open.Position.Line}:{open.Position.Column}, got end of file");
            }
            if (token.Kind == HoconTokenKind.Comma)
            {
                throw Expected("a value (a leading or doubled ',' is not allowed)", token);
            }
            var value = ParseValue(fieldPath) ?? throw Expected("a value or ']'", Peek);
            items.Add(value);
            bool newline = SkipSeparatorSpace();
            token = Peek;
            if (token.Kind == HoconTokenKind.Comma)
            {
                _index++;
            }
            else if (!newline && token.Kind is not (HoconTokenKind.CloseBracket or HoconTokenKind.End))
            {
                throw Expected("',', a newline or ']' after an array element", token);
            }
        }
    }

    private void ParseInclude(HoconRawObject target)
    {
        var keyword = Take();
        SkipSpacesAndNewlines();
        var token = Peek;
        bool required = false;
        int closers = 0;
        if (token.Kind == HoconTokenKind.UnquotedText)
        {
            var text = token.Text;
            while (text.StartsWith("required(", StringComparison.Ordinal))
            {
                required = true;
                closers++;
                text = text["required(".Length..];
            }
            if (text.StartsWith("file(", StringComparison.Ordinal))
            {
                closers++;
                text = text["file(".Length..];
            }
            else if (text.StartsWith("url(", StringComparison.Ordinal) || text.StartsWith("classpath(", StringComparison.Ordinal))
            {
                throw new HoconException(token.Position, $"include {text.TrimEnd('(')}(...) is not supported; use include \"file\" or include file(\"file\")");
            }
            if (text.Length > 0 || closers == 0)
            {
                throw Expected("a quoted file name after include (include \"file\", file(\"file\") or required(\"file\"))", token);
            }
            _index++;
            SkipSpaces();
        }
        var name = Peek;
        if (name.Kind != HoconTokenKind.QuotedString)
        {
            throw Expected("a quoted file name after include", name);
        }
        _index++;
        if (closers > 0)
        {
            SkipSpaces();
            var close = Peek;
            if (close.Kind != HoconTokenKind.UnquotedText || close.Text != new string(')', closers))
            {
                throw Expected($"'{new string(')', closers)}' to close the include", close);
            }
            _index++;
        }
        var included = _includer.Include(_file, name.Text, required, keyword.Position, target.Path);
        if (included is not null)
        {
            target.MergeFrom(included);
        }
    }

    private DepthScope Nest(HoconToken at)
    {
        if (++_depth > MaxDepth)
        {
            throw new HoconException(at.Position, $"objects and arrays nest deeper than {MaxDepth} levels");
        }
        return new DepthScope(this);
    }

    private readonly struct DepthScope(HoconParser parser) : IDisposable
    {
        public void Dispose() => parser._depth--;
    }

    private static HoconException Expected(string what, HoconToken got) =>
        new(got.Position, $"expected {what}, got {got.Describe()}");
}

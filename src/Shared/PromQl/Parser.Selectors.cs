using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl.Ast;

namespace Aggregator.Shared.PromQl;

/// <summary>Series selectors: the match[] entry point and the <c>{...}</c> matcher list.</summary>
internal sealed partial class Parser
{
    private VectorSelector ParseSelectorOnly()
    {
        VectorSelector selector;
        if (IsMetricIdentifier(_token.Kind))
        {
            var name = Take();
            selector = ParseSelectorAfterName(name);
        }
        else if (_token.Kind == TokenKind.LeftBrace)
        {
            selector = ParseSelectorAfterName(null);
        }
        else
        {
            throw Unexpected(string.Empty, string.Empty);
        }
        if (_token.Kind != TokenKind.Eof)
        {
            throw Unexpected(string.Empty, string.Empty);
        }
        return selector;
    }

    /// <summary>The optional <c>{...}</c> after an optional metric name; the current token is after the name.</summary>
    private VectorSelector ParseSelectorAfterName(Token? name)
    {
        int pos = name?.Pos ?? _token.Pos;
        var matchers = new List<LabelMatcher>();
        if (name is { } n)
        {
            matchers.Add(NameMatcher(n.Text));
        }
        if (_token.Kind == TokenKind.LeftBrace)
        {
            Advance();
            ParseMatcherList(matchers);
        }
        return new VectorSelector(name?.Text, matchers) { Pos = pos };
    }

    /// <summary>Reads matchers up to and including '}'; the current token follows '{'.</summary>
    private void ParseMatcherList(List<LabelMatcher> matchers)
    {
        if (_token.Kind == TokenKind.RightBrace)
        {
            Advance();
            return;
        }
        while (true)
        {
            matchers.Add(ParseMatcher());
            if (_token.Kind == TokenKind.RightBrace)
            {
                Advance();
                return;
            }
            if (_token.Kind != TokenKind.Comma)
            {
                throw Unexpected("label matching", "\",\" or \"}\"");
            }
            Advance();
            if (_token.Kind == TokenKind.RightBrace)
            {
                Advance();
                return;
            }
        }
    }

    private LabelMatcher ParseMatcher()
    {
        var nameToken = _token;
        string name;
        if (_token.Kind == TokenKind.Identifier)
        {
            name = _token.Text;
        }
        else if (_token.Kind == TokenKind.String)
        {
            // Note: quoted (UTF-8) names are accepted as in Prometheus 3.x; a lone string is the metric name.
            name = Unquote(_token.Text);
            if (PeekNext().Kind is TokenKind.Comma or TokenKind.RightBrace)
            {
                Advance();
                return NameMatcher(name);
            }
        }
        else
        {
            throw Unexpected("label matching", "identifier or \"}\"");
        }
        Advance();
        var type = _token.Kind switch
        {
            TokenKind.Eql => LabelMatchType.Equal,
            TokenKind.Neq => LabelMatchType.NotEqual,
            TokenKind.EqlRegex => LabelMatchType.RegexMatch,
            TokenKind.NeqRegex => LabelMatchType.RegexNoMatch,
            _ => throw Unexpected("label matching", "label matching operator"),
        };
        Advance();
        if (_token.Kind != TokenKind.String)
        {
            throw Unexpected("label matching", "string");
        }
        var value = Unquote(_token.Text);
        Advance();
        if (!LabelMatcher.TryCreate(type, name, value, out var matcher, out var error))
        {
            throw Error(nameToken.Pos, error);
        }
        return matcher;
    }

    /// <summary>A selector in an expression: a metric name (already current) or '{'.</summary>
    private VectorSelector ParseVectorSelector()
    {
        if (_token.Kind == TokenKind.LeftBrace)
        {
            return ParseSelectorAfterName(null);
        }
        var name = Take();
        return ParseSelectorAfterName(name);
    }

    private static bool HasMetricNameMatcher(VectorSelector vs)
    {
        foreach (var m in vs.Matchers)
        {
            if (m.Name == Label.MetricName)
            {
                return true;
            }
        }
        return false;
    }
}

using System.Globalization;
using System.Text;
using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl.Ast;

namespace Aggregator.Shared.PromQl;

/// <summary>
/// Recursive-descent PromQL parser. It follows Prometheus's grammar (generated_parser.y) and
/// reports the first error as Prometheus does; the series-selector entry point reproduces
/// Prometheus's messages exactly (they are the /federate <c>match[]</c> error bodies).
/// </summary>
internal sealed partial class Parser
{
    private readonly Lexer _lexer;
    private Token _token;
    private Token? _peeked;

    private Parser(string input)
    {
        Query = input;
        _lexer = new Lexer(input);
        _token = Read();
    }

    private string Query { get; }

    public static IReadOnlyList<LabelMatcher> ParseMetricSelector(string input)
    {
        var p = new Parser(input);
        var selector = p.ParseSelectorOnly();
        return selector.Matchers;
    }

    public static Expr ParseExpr(string input)
    {
        var p = new Parser(input);
        if (p._token.Kind == TokenKind.Eof)
        {
            throw new PromQlParseException(input, 0, "no expression found in input");
        }
        var expr = p.ParseBinary(0);
        if (p._token.Kind != TokenKind.Eof)
        {
            p.Unexpected(string.Empty, string.Empty);
        }
        TypeChecker.Check(expr, input);
        return expr;
    }

    private Token Read()
    {
        var t = _lexer.Next();
        if (t.Kind == TokenKind.Error)
        {
            throw new PromQlParseException(Query, t.Pos, t.Text);
        }
        return t;
    }

    private void Advance()
    {
        if (_peeked is { } p)
        {
            _token = p;
            _peeked = null;
            return;
        }
        _token = Read();
    }

    private Token PeekNext() => _peeked ??= Read();

    private Token Take()
    {
        var t = _token;
        Advance();
        return t;
    }

    /// <summary>Prometheus's <c>unexpected(context, expected)</c> about the current token.</summary>
    private PromQlParseException Unexpected(string context, string expected)
    {
        var sb = new StringBuilder("unexpected ").Append(_token.Describe());
        if (context.Length > 0)
        {
            sb.Append(" in ").Append(context);
        }
        if (expected.Length > 0)
        {
            sb.Append(", expected ").Append(expected);
        }
        throw new PromQlParseException(Query, _token.Pos, sb.ToString());
    }

    private PromQlParseException Error(int pos, string message) => throw new PromQlParseException(Query, pos, message);

    private static bool IsMetricIdentifier(TokenKind k) => k is TokenKind.Avg or TokenKind.Bottomk or TokenKind.By
        or TokenKind.Count or TokenKind.CountValues or TokenKind.Group or TokenKind.Identifier or TokenKind.And
        or TokenKind.Or or TokenKind.Unless or TokenKind.Max or TokenKind.MetricIdentifier or TokenKind.Min
        or TokenKind.Offset or TokenKind.Quantile or TokenKind.Stddev or TokenKind.Stdvar or TokenKind.Sum
        or TokenKind.Topk or TokenKind.Without or TokenKind.Start or TokenKind.End or TokenKind.Limitk or TokenKind.LimitRatio;

    /// <summary>Label names usable in grouping lists (Go's <c>maybe_label</c>).</summary>
    private static bool IsMaybeLabel(Token t) => t.Kind is TokenKind.Identifier or TokenKind.MetricIdentifier
        || t.IsAggregator || t.IsKeyword || t.Kind is TokenKind.And or TokenKind.Or or TokenKind.Unless
        or TokenKind.Atan2 or TokenKind.Start or TokenKind.End;

    /// <summary>Go's <c>strconv.Unquote</c> for the three PromQL quote styles (the lexer validated escapes).</summary>
    internal static string Unquote(string quoted)
    {
        char q = quoted[0];
        var body = quoted.AsSpan(1, quoted.Length - 2);
        if (q == '`' || body.IndexOf('\\') < 0)
        {
            return body.ToString();
        }
        var sb = new StringBuilder(body.Length);
        var bytes = new List<byte>();
        for (int i = 0; i < body.Length; i++)
        {
            char c = body[i];
            if (c != '\\')
            {
                FlushBytes(sb, bytes);
                sb.Append(c);
                continue;
            }
            char e = body[++i];
            switch (e)
            {
                case 'a': FlushBytes(sb, bytes); sb.Append('\a'); break;
                case 'b': FlushBytes(sb, bytes); sb.Append('\b'); break;
                case 'f': FlushBytes(sb, bytes); sb.Append('\f'); break;
                case 'n': FlushBytes(sb, bytes); sb.Append('\n'); break;
                case 'r': FlushBytes(sb, bytes); sb.Append('\r'); break;
                case 't': FlushBytes(sb, bytes); sb.Append('\t'); break;
                case 'v': FlushBytes(sb, bytes); sb.Append('\v'); break;
                case 'x':
                    bytes.Add(byte.Parse(body.Slice(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                case >= '0' and <= '7':
                    bytes.Add((byte)Convert.ToInt32(body.Slice(i, 3).ToString(), 8));
                    i += 2;
                    break;
                case 'u' or 'U':
                    int n = e == 'u' ? 4 : 8;
                    FlushBytes(sb, bytes);
                    sb.Append(char.ConvertFromUtf32(int.Parse(body.Slice(i + 1, n), NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
                    i += n;
                    break;
                default: FlushBytes(sb, bytes); sb.Append(e); break;
            }
        }
        FlushBytes(sb, bytes);
        return sb.ToString();
    }

    private static void FlushBytes(StringBuilder sb, List<byte> bytes)
    {
        if (bytes.Count > 0)
        {
            sb.Append(Encoding.UTF8.GetString([.. bytes]));
            bytes.Clear();
        }
    }

    private static LabelMatcher NameMatcher(string name) => LabelMatcher.Create(LabelMatchType.Equal, Label.MetricName, name);
}

using System.Globalization;
using Aggregator.Shared.PromQl.Ast;

namespace Aggregator.Shared.PromQl;

/// <summary>Expressions: binary operators by precedence, unary, postfix modifiers, primaries.</summary>
internal sealed partial class Parser
{
    private const int PowPrecedence = 6;

    private static int Precedence(TokenKind kind) => kind switch
    {
        TokenKind.Or => 1,
        TokenKind.And or TokenKind.Unless => 2,
        TokenKind.Eqlc or TokenKind.Neq or TokenKind.Lte or TokenKind.Lss or TokenKind.Gte or TokenKind.Gtr => 3,
        TokenKind.Add or TokenKind.Sub => 4,
        TokenKind.Mul or TokenKind.Div or TokenKind.Mod or TokenKind.Atan2 => 5,
        TokenKind.Pow => PowPrecedence,
        _ => 0,
    };

    private static BinaryOp ToBinaryOp(TokenKind kind) => kind switch
    {
        TokenKind.Or => BinaryOp.Or,
        TokenKind.And => BinaryOp.And,
        TokenKind.Unless => BinaryOp.Unless,
        TokenKind.Eqlc => BinaryOp.Eql,
        TokenKind.Neq => BinaryOp.Neq,
        TokenKind.Lte => BinaryOp.Lte,
        TokenKind.Lss => BinaryOp.Lss,
        TokenKind.Gte => BinaryOp.Gte,
        TokenKind.Gtr => BinaryOp.Gtr,
        TokenKind.Add => BinaryOp.Add,
        TokenKind.Sub => BinaryOp.Sub,
        TokenKind.Mul => BinaryOp.Mul,
        TokenKind.Div => BinaryOp.Div,
        TokenKind.Mod => BinaryOp.Mod,
        TokenKind.Atan2 => BinaryOp.Atan2,
        _ => BinaryOp.Pow,
    };

    /// <summary>
    /// Most levels of nesting in one expression (parentheses, calls, aggregations, operands of chained
    /// operators). Note: deeper input would overflow the stack of this parser, the type checker or the
    /// evaluator, which are all recursive; a rule file or match[] that deep is refused as a parse error.
    /// </summary>
    public const int MaxDepth = 500;

    private int _depth;

    private Expr ParseBinary(int minPrecedence)
    {
        int entryDepth = _depth;
        try
        {
            Nest();
            return ParseBinaryNested(minPrecedence);
        }
        finally
        {
            _depth = entryDepth;
        }
    }

    private void Nest()
    {
        if (++_depth > MaxDepth)
        {
            throw new PromQlParseException(Query, _token.Pos, $"expression nests too deeply: more than {MaxDepth} levels");
        }
    }

    private Expr ParseBinaryNested(int minPrecedence)
    {
        var lhs = ParseUnary();
        while (true)
        {
            int prec = Precedence(_token.Kind);
            if (prec == 0 || prec < minPrecedence)
            {
                return lhs;
            }
            // Note: each operator of a chain such as a+b+c+... makes the tree one level deeper.
            Nest();
            var opToken = Take();
            var op = ToBinaryOp(opToken.Kind);
            bool returnBool = false;
            if (_token.Kind == TokenKind.Bool)
            {
                returnBool = true;
                Advance();
            }
            VectorMatching? matching = null;
            if (_token.Kind is TokenKind.On or TokenKind.Ignoring)
            {
                bool on = Take().Kind == TokenKind.On;
                var labels = ParseGroupingLabels();
                matching = new VectorMatching { On = on, MatchingLabels = labels };
                if (_token.Kind is TokenKind.GroupLeft or TokenKind.GroupRight)
                {
                    bool left = Take().Kind == TokenKind.GroupLeft;
                    IReadOnlyList<string> include = _token.Kind == TokenKind.LeftParen ? ParseGroupingLabels() : [];
                    matching = matching with
                    {
                        Card = left ? VectorMatchCardinality.ManyToOne : VectorMatchCardinality.OneToMany,
                        Include = include,
                    };
                }
            }
            var rhs = ParseBinary(op == BinaryOp.Pow ? prec : prec + 1);
            lhs = new BinaryExpr(op, lhs, rhs, matching ?? new VectorMatching(), returnBool) { Pos = lhs.Pos };
        }
    }

    private Expr ParseUnary()
    {
        if (_token.Kind is TokenKind.Add or TokenKind.Sub)
        {
            var op = Take();
            var operand = ParseBinary(PowPrecedence);
            if (operand is NumberLiteral n)
            {
                if (op.Kind == TokenKind.Sub)
                {
                    n.Value = -n.Value;
                }
                return new NumberLiteral(n.Value) { Pos = op.Pos };
            }
            return new UnaryExpr(op.Kind == TokenKind.Sub, operand) { Pos = op.Pos };
        }
        return ParsePostfix(ParsePrimary());
    }

    private Expr ParsePostfix(Expr expr)
    {
        while (true)
        {
            if (_token.Kind is TokenKind.LeftBracket or TokenKind.Offset or TokenKind.At)
            {
                Nest();
            }
            switch (_token.Kind)
            {
                case TokenKind.LeftBracket:
                    expr = ParseRangeOrSubquery(expr);
                    break;
                case TokenKind.Offset:
                    expr = ParseOffset(expr);
                    break;
                case TokenKind.At:
                    expr = ParseAt(expr);
                    break;
                default:
                    return expr;
            }
        }
    }

    private Expr ParseRangeOrSubquery(Expr expr)
    {
        var open = Take();
        if (_token.Kind is not (TokenKind.Duration or TokenKind.Number))
        {
            throw Unexpected("subquery selector", "duration");
        }
        long range = ParseDuration(Take());
        if (_token.Kind == TokenKind.RightBracket)
        {
            Advance();
            string? error = expr switch
            {
                VectorSelector { OffsetMs: not 0 } => "no offset modifiers allowed before range",
                VectorSelector { At: not AtModifier.None } => "no @ modifiers allowed before range",
                VectorSelector => null,
                _ => "ranges only allowed for vector selectors",
            };
            if (error is not null)
            {
                throw Error(open.Pos, error);
            }
            return new MatrixSelector((VectorSelector)expr, range) { Pos = expr.Pos };
        }
        if (_token.Kind != TokenKind.Colon)
        {
            throw Unexpected("subquery or range", "\":\" or \"]\"");
        }
        Advance();
        long step = 0;
        if (_token.Kind is TokenKind.Duration or TokenKind.Number)
        {
            step = ParseDuration(Take());
            if (_token.Kind != TokenKind.RightBracket)
            {
                throw Unexpected("subquery selector", "\"]\"");
            }
        }
        else if (_token.Kind != TokenKind.RightBracket)
        {
            throw Unexpected("subquery selector", "duration or \"]\"");
        }
        Advance();
        return new SubqueryExpr(expr, range, step) { Pos = expr.Pos };
    }

    private Expr ParseOffset(Expr expr)
    {
        var offsetToken = Take();
        bool negative = false;
        if (_token.Kind == TokenKind.Sub)
        {
            negative = true;
            Advance();
        }
        if (_token.Kind is not (TokenKind.Duration or TokenKind.Number))
        {
            throw Unexpected("offset", "duration");
        }
        long d = ParseDuration(Take());
        if (negative)
        {
            d = -d;
        }
        _ = offsetToken;
        switch (expr)
        {
            case VectorSelector { OffsetMs: 0 } vs:
                vs.OffsetMs = d;
                break;
            case MatrixSelector { Selector.OffsetMs: 0 } ms:
                ms.Selector.OffsetMs = d;
                break;
            case SubqueryExpr { OffsetMs: 0 } sq:
                sq.OffsetMs = d;
                break;
            case VectorSelector or MatrixSelector or SubqueryExpr:
                throw Error(expr.Pos, "offset may not be set multiple times");
            default:
                throw Error(expr.Pos, "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        }
        return expr;
    }

    private Expr ParseAt(Expr expr)
    {
        Advance();
        AtModifier kind;
        long ms = 0;
        if (_token.Kind is TokenKind.Start or TokenKind.End)
        {
            kind = Take().Kind == TokenKind.Start ? AtModifier.Start : AtModifier.End;
            if (_token.Kind != TokenKind.LeftParen || PeekNext().Kind != TokenKind.RightParen)
            {
                throw Unexpected("@", "timestamp");
            }
            Advance();
            Advance();
        }
        else
        {
            bool negative = false;
            if (_token.Kind is TokenKind.Add or TokenKind.Sub)
            {
                negative = Take().Kind == TokenKind.Sub;
            }
            if (_token.Kind is not (TokenKind.Number or TokenKind.Duration))
            {
                throw Unexpected("@", "timestamp");
            }
            var numberToken = Take();
            double seconds = numberToken.Kind == TokenKind.Duration ? ParseDuration(numberToken) / 1000.0 : ParseNumber(numberToken);
            if (negative)
            {
                seconds = -seconds;
            }
            if (double.IsInfinity(seconds) || double.IsNaN(seconds) || Math.Abs(seconds) >= long.MaxValue / 1000.0)
            {
                throw Error(numberToken.Pos, $"timestamp out of bounds for @ modifier: {seconds.ToString(CultureInfo.InvariantCulture)}");
            }
            kind = AtModifier.Timestamp;
            ms = (long)Math.Round(seconds * 1000, MidpointRounding.AwayFromZero);
        }
        var target = expr switch
        {
            VectorSelector vs => (object)vs,
            MatrixSelector m => m.Selector,
            SubqueryExpr sq => sq,
            _ => throw Error(expr.Pos, "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
        };
        if (target is VectorSelector v)
        {
            if (v.At != AtModifier.None)
            {
                throw Error(expr.Pos, "@ <timestamp> may not be set multiple times");
            }
            v.At = kind;
            v.AtMs = ms;
        }
        else if (target is SubqueryExpr s)
        {
            if (s.At != AtModifier.None)
            {
                throw Error(expr.Pos, "@ <timestamp> may not be set multiple times");
            }
            s.At = kind;
            s.AtMs = ms;
        }
        return expr;
    }

    private Expr ParsePrimary()
    {
        var t = _token;
        switch (t.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new NumberLiteral(ParseNumber(t)) { Pos = t.Pos };
            case TokenKind.Duration:
                // Note: Prometheus 3.x accepts a duration where a number is expected: 1h = 3600.
                Advance();
                return new NumberLiteral(ParseDuration(t) / 1000.0) { Pos = t.Pos };
            case TokenKind.String:
                Advance();
                return new StringLiteral(Unquote(t.Text)) { Pos = t.Pos };
            case TokenKind.LeftParen:
                Advance();
                var inner = ParseBinary(0);
                if (_token.Kind != TokenKind.RightParen)
                {
                    throw Unexpected(string.Empty, string.Empty);
                }
                Advance();
                return new ParenExpr(inner) { Pos = t.Pos };
            case TokenKind.LeftBrace:
                return ParseVectorSelector();
            case TokenKind.Identifier when PeekNext().Kind == TokenKind.LeftParen:
            case TokenKind.Start or TokenKind.End when PeekNext().Kind == TokenKind.LeftParen:
                return ParseCall();
        }
        if (t.IsAggregator && PeekNext().Kind is TokenKind.LeftParen or TokenKind.By or TokenKind.Without)
        {
            return ParseAggregation();
        }
        if (IsMetricIdentifier(t.Kind))
        {
            return ParseVectorSelector();
        }
        throw Unexpected(string.Empty, string.Empty);
    }

    private Call ParseCall()
    {
        var name = Take();
        if (!Functions.TryGet(name.Text, out var function))
        {
            throw Error(name.Pos, $"unknown function with name {GoQuote.Quote(name.Text)}");
        }
        Advance();
        var args = new List<Expr>();
        if (_token.Kind == TokenKind.RightParen)
        {
            Advance();
            return new Call(function, args) { Pos = name.Pos };
        }
        while (true)
        {
            args.Add(ParseBinary(0));
            if (_token.Kind == TokenKind.RightParen)
            {
                Advance();
                return new Call(function, args) { Pos = name.Pos };
            }
            if (_token.Kind != TokenKind.Comma)
            {
                throw Unexpected(string.Empty, string.Empty);
            }
            var comma = Take();
            if (_token.Kind == TokenKind.RightParen)
            {
                throw Error(comma.Pos, "trailing commas not allowed in function call args");
            }
        }
    }

    private AggregateExpr ParseAggregation()
    {
        var opToken = Take();
        var op = opToken.Kind switch
        {
            TokenKind.Sum => AggregateOp.Sum,
            TokenKind.Avg => AggregateOp.Avg,
            TokenKind.Count => AggregateOp.Count,
            TokenKind.Min => AggregateOp.Min,
            TokenKind.Max => AggregateOp.Max,
            TokenKind.Group => AggregateOp.Group,
            TokenKind.Stddev => AggregateOp.Stddev,
            TokenKind.Stdvar => AggregateOp.Stdvar,
            TokenKind.Topk => AggregateOp.Topk,
            TokenKind.Bottomk => AggregateOp.Bottomk,
            TokenKind.CountValues => AggregateOp.CountValues,
            TokenKind.Quantile => AggregateOp.Quantile,
            TokenKind.Limitk => AggregateOp.Limitk,
            _ => AggregateOp.LimitRatio,
        };
        IReadOnlyList<string> grouping = [];
        bool without = false;
        bool hasGrouping = false;
        if (_token.Kind is TokenKind.By or TokenKind.Without)
        {
            without = Take().Kind == TokenKind.Without;
            grouping = ParseGroupingLabels();
            hasGrouping = true;
        }
        if (_token.Kind != TokenKind.LeftParen)
        {
            throw Unexpected("aggregation", string.Empty);
        }
        var open = Take();
        var args = new List<Expr>();
        if (_token.Kind != TokenKind.RightParen)
        {
            while (true)
            {
                args.Add(ParseBinary(0));
                if (_token.Kind == TokenKind.RightParen)
                {
                    break;
                }
                if (_token.Kind != TokenKind.Comma)
                {
                    throw Unexpected(string.Empty, string.Empty);
                }
                var comma = Take();
                if (_token.Kind == TokenKind.RightParen)
                {
                    throw Error(comma.Pos, "trailing commas not allowed in function call args");
                }
            }
        }
        Advance();
        if (!hasGrouping && _token.Kind is TokenKind.By or TokenKind.Without)
        {
            without = Take().Kind == TokenKind.Without;
            grouping = ParseGroupingLabels();
            hasGrouping = true;
        }
        bool hasParam = op is AggregateOp.Topk or AggregateOp.Bottomk or AggregateOp.CountValues or AggregateOp.Quantile or AggregateOp.Limitk or AggregateOp.LimitRatio;
        int expected = hasParam ? 2 : 1;
        if (args.Count == 0)
        {
            throw Error(open.Pos, "no arguments for aggregate expression provided");
        }
        if (args.Count != expected)
        {
            throw Error(open.Pos, $"wrong number of arguments for aggregate expression provided, expected {expected}, got {args.Count}");
        }
        return new AggregateExpr(op, args[^1], hasParam ? args[0] : null, grouping, without) { Pos = opToken.Pos, HasGrouping = hasGrouping };
    }

    private List<string> ParseGroupingLabels()
    {
        if (_token.Kind != TokenKind.LeftParen)
        {
            throw Unexpected("grouping opts", "\"(\"");
        }
        Advance();
        var labels = new List<string>();
        if (_token.Kind == TokenKind.RightParen)
        {
            Advance();
            return labels;
        }
        while (true)
        {
            if (_token.Kind == TokenKind.String)
            {
                labels.Add(Unquote(Take().Text));
            }
            else if (IsMaybeLabel(_token) && IsLabelName(_token.Text))
            {
                labels.Add(Take().Text);
            }
            else
            {
                throw Unexpected("grouping opts", "label");
            }
            if (_token.Kind == TokenKind.RightParen)
            {
                Advance();
                return labels;
            }
            if (_token.Kind != TokenKind.Comma)
            {
                throw Unexpected("grouping opts", "\",\" or \")\"");
            }
            Advance();
            if (_token.Kind == TokenKind.RightParen)
            {
                Advance();
                return labels;
            }
        }
    }

    private static bool IsLabelName(string s)
    {
        if (s.Length == 0 || !(char.IsAsciiLetter(s[0]) || s[0] == '_'))
        {
            return false;
        }
        foreach (char c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }
        return true;
    }

    private double ParseNumber(Token t)
    {
        if (PromDuration.TryParseNumber(t.Text, out double value))
        {
            return value;
        }
        throw Error(t.Pos, $"error parsing number: strconv.ParseFloat: parsing {GoQuote.Quote(t.Text)}: invalid syntax");
    }

    private long ParseDuration(Token t)
    {
        if (t.Kind == TokenKind.Number)
        {
            double seconds = ParseNumber(t);
            if (double.IsNaN(seconds) || double.IsInfinity(seconds) || seconds * 1000 >= long.MaxValue || seconds * 1000 <= long.MinValue)
            {
                throw Error(t.Pos, $"not a valid duration string: {GoQuote.Quote(t.Text)}");
            }
            return (long)Math.Round(seconds * 1000);
        }
        if (!PromDuration.TryParse(t.Text, out long ms))
        {
            throw Error(t.Pos, $"not a valid duration string: {GoQuote.Quote(t.Text)}");
        }
        return ms;
    }
}

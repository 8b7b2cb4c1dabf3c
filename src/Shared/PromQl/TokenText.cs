namespace Aggregator.Shared.PromQl;

/// <summary>The keyword table and the kinds with fixed text (Go's <c>key</c> and <c>ItemTypeStr</c>).</summary>
internal static class TokenText
{
    public static readonly Dictionary<string, TokenKind> Keywords = new(StringComparer.Ordinal)
    {
        ["and"] = TokenKind.And,
        ["or"] = TokenKind.Or,
        ["unless"] = TokenKind.Unless,
        ["atan2"] = TokenKind.Atan2,
        ["sum"] = TokenKind.Sum,
        ["avg"] = TokenKind.Avg,
        ["count"] = TokenKind.Count,
        ["min"] = TokenKind.Min,
        ["max"] = TokenKind.Max,
        ["group"] = TokenKind.Group,
        ["stddev"] = TokenKind.Stddev,
        ["stdvar"] = TokenKind.Stdvar,
        ["topk"] = TokenKind.Topk,
        ["bottomk"] = TokenKind.Bottomk,
        ["count_values"] = TokenKind.CountValues,
        ["quantile"] = TokenKind.Quantile,
        ["limitk"] = TokenKind.Limitk,
        ["limit_ratio"] = TokenKind.LimitRatio,
        ["offset"] = TokenKind.Offset,
        ["by"] = TokenKind.By,
        ["without"] = TokenKind.Without,
        ["on"] = TokenKind.On,
        ["ignoring"] = TokenKind.Ignoring,
        ["group_left"] = TokenKind.GroupLeft,
        ["group_right"] = TokenKind.GroupRight,
        ["bool"] = TokenKind.Bool,
        ["start"] = TokenKind.Start,
        ["end"] = TokenKind.End,
    };

    /// <summary>Kinds listed in Go's ItemTypeStr: their description is their text alone.</summary>
    public static bool HasFixedText(TokenKind kind) => kind switch
    {
        TokenKind.LeftParen or TokenKind.RightParen or TokenKind.LeftBrace or TokenKind.RightBrace
            or TokenKind.LeftBracket or TokenKind.RightBracket or TokenKind.Comma or TokenKind.Eql
            or TokenKind.Colon or TokenKind.Semicolon or TokenKind.Blank or TokenKind.Times or TokenKind.Space
            or TokenKind.Sub or TokenKind.Add or TokenKind.Mul or TokenKind.Mod or TokenKind.Div or TokenKind.Eqlc
            or TokenKind.Neq or TokenKind.Lte or TokenKind.Lss or TokenKind.Gte or TokenKind.Gtr
            or TokenKind.EqlRegex or TokenKind.NeqRegex or TokenKind.Pow => true,
        // Note: 2.42 has no entry for '@', so it prints "<Item 57385>" <op:@> (see FEDERATE_SPEC §2).
        TokenKind.At => false,
        _ => kind > TokenKind.AggregatorsStart && kind < TokenKind.AggregatorsEnd
            || kind > TokenKind.KeywordsStart && kind < TokenKind.KeywordsEnd
            || kind is TokenKind.And or TokenKind.Or or TokenKind.Unless or TokenKind.Atan2 or TokenKind.Start or TokenKind.End,
    };
}

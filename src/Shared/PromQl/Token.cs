namespace Aggregator.Shared.PromQl;

/// <summary>One lexer item: its kind, its start (a char index into the input) and its text.</summary>
internal readonly record struct Token(TokenKind Kind, int Pos, string Text)
{
    public bool IsOperator => Kind > TokenKind.OperatorsStart && Kind < TokenKind.OperatorsEnd;

    public bool IsAggregator => Kind > TokenKind.AggregatorsStart && Kind < TokenKind.AggregatorsEnd;

    public bool IsKeyword => Kind > TokenKind.KeywordsStart && Kind < TokenKind.KeywordsEnd;

    public int End => Pos + Text.Length;

    /// <summary>How Prometheus names the item in "unexpected ..." errors (Go's <c>Item.desc</c>).</summary>
    public string Describe()
    {
        if (Kind == TokenKind.Eof)
        {
            return "end of input";
        }
        if (TokenText.HasFixedText(Kind))
        {
            return Render();
        }
        var kind = Kind switch
        {
            TokenKind.Error => "error",
            TokenKind.Comment => "comment",
            TokenKind.Identifier => "identifier",
            TokenKind.MetricIdentifier => "metric identifier",
            TokenKind.String => "string",
            TokenKind.Number => "number",
            TokenKind.Duration => "duration",
            // Note: Go prints the numeric item type of AT (57385 in 2.42's generated parser).
            TokenKind.At => GoQuote.Quote("<Item 57385>"),
            _ => GoQuote.Quote("<Item " + (int)Kind + ">"),
        };
        return kind + " " + Render();
    }

    /// <summary>Go's <c>Item.String</c>.</summary>
    public string Render()
    {
        if (Kind == TokenKind.Eof)
        {
            return "EOF";
        }
        if (Kind == TokenKind.Error)
        {
            return Text;
        }
        if (Kind is TokenKind.Identifier or TokenKind.MetricIdentifier)
        {
            return GoQuote.Quote(Text);
        }
        if (IsKeyword)
        {
            return "<" + Text + ">";
        }
        if (IsOperator)
        {
            return "<op:" + Text + ">";
        }
        if (IsAggregator)
        {
            return "<aggr:" + Text + ">";
        }
        var quoted = GoQuote.Quote(Text);
        // Note: Go's %.10q truncates the string to 10 runes before quoting.
        return Text.Length > 10 ? GoQuote.Quote(Text[..10]) + "..." : quoted;
    }
}

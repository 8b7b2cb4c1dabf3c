using Aggregator.Shared.PromQl;

namespace Aggregator.Shared.Federation;

/// <summary>
/// Restores Prometheus 2.42's rejection of quoted label names in a <c>match[]</c> selector
/// (<c>{"up"}</c>, accepted only since 2.51), which the project's PromQL parser accepts as 3.x does.
/// Note: run after a successful parse, so only the quoted-name position needs finding.
/// </summary>
internal static class LegacySelectorCheck
{
    /// <summary>Throws the 2.42 parse error when a string stands where a label name is expected.</summary>
    public static void ThrowIfQuotedLabelName(string selector)
    {
        var lexer = new Lexer(selector);
        bool inBraces = false;
        bool expectName = false;
        while (true)
        {
            var token = lexer.Next();
            switch (token.Kind)
            {
                case TokenKind.Eof or TokenKind.Error:
                    return;
                case TokenKind.LeftBrace:
                    inBraces = true;
                    expectName = true;
                    continue;
                case TokenKind.RightBrace:
                    inBraces = false;
                    expectName = false;
                    continue;
                case TokenKind.Comma:
                    expectName = inBraces;
                    continue;
                case TokenKind.String when expectName:
                    throw new PromQlParseException(selector, token.Pos,
                        $"unexpected {token.Describe()} in label matching, expected identifier or \"}}\"");
                default:
                    expectName = false;
                    continue;
            }
        }
    }
}

namespace Aggregator.Shared.Hocon;

/// <summary>The lexical categories of HOCON; comments are dropped by the tokenizer.</summary>
internal enum HoconTokenKind
{
    Whitespace,
    Newline,
    Comma,
    Colon,
    Equals,
    PlusEquals,
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    QuotedString,
    UnquotedText,
    Number,
    True,
    False,
    Null,
    Substitution,
    End,
}

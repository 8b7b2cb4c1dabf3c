namespace Aggregator.Shared.Hocon;

/// <summary>
/// One token. <see cref="Text"/> is the decoded text for strings, the original spelling for
/// numbers and keywords (value concatenation must keep it), and the raw run for whitespace.
/// </summary>
internal sealed record HoconToken(HoconTokenKind Kind, string Text, HoconPosition Position)
{
    /// <summary>For substitutions: <c>${?path}</c>.</summary>
    public bool Optional { get; init; }

    /// <summary>For substitutions: the tokens of the path expression between the braces.</summary>
    public IReadOnlyList<HoconToken> PathTokens { get; init; } = [];

    /// <summary>True for simple-value tokens that may take part in a key or a concatenation.</summary>
    public bool IsSimple => Kind is HoconTokenKind.QuotedString or HoconTokenKind.UnquotedText or HoconTokenKind.Number
        or HoconTokenKind.True or HoconTokenKind.False or HoconTokenKind.Null;

    /// <summary>How the token reads in an error message.</summary>
    public string Describe() => Kind switch
    {
        HoconTokenKind.End => "end of file",
        HoconTokenKind.Newline => "a newline",
        HoconTokenKind.Whitespace => "whitespace",
        HoconTokenKind.QuotedString => $"quoted string \"{Text}\"",
        HoconTokenKind.Substitution => "a substitution ${...}",
        HoconTokenKind.UnquotedText or HoconTokenKind.Number or HoconTokenKind.True or HoconTokenKind.False or HoconTokenKind.Null => $"'{Text}'",
        _ => $"'{Text}'",
    };
}

namespace Aggregator.Shared.PromQl;

/// <summary>The four label-matching operators of a series selector.</summary>
public enum LabelMatchType
{
    /// <summary><c>=</c>: the value equals (an absent label has the empty value).</summary>
    Equal,

    /// <summary><c>!=</c>: the value differs.</summary>
    NotEqual,

    /// <summary><c>=~</c>: the fully anchored regex matches the value.</summary>
    RegexMatch,

    /// <summary><c>!~</c>: the fully anchored regex does not match the value.</summary>
    RegexNoMatch,
}

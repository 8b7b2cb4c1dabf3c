using System.Text.RegularExpressions;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.PromQl;

/// <summary>
/// One label matcher (<c>name op "value"</c>) with Prometheus semantics: a missing label has the
/// empty value, so <c>{foo=""}</c> selects series without <c>foo</c>; regexes are fully anchored
/// and <c>.</c> matches a newline (Prometheus 3.x compiles <c>^(?s:re)$</c>).
/// </summary>
/// <remarks>
/// Regexes follow RE2 syntax, translated to .NET by <see cref="Re2Translator"/> and compiled
/// with <see cref="RegexOptions.NonBacktracking"/> (linear time, as RE2). What cannot be closed:
/// .NET has no <c>\C</c> and treats <c>\pN</c>-style Unicode classes by .NET's Unicode tables, so a
/// character assigned to a category in a newer Unicode version than .NET's can differ; RE2's
/// leftmost-first submatch choice differs from .NET's for <c>NonBacktracking</c>, which only
/// matters for <c>label_replace</c> capture groups (those use a backtracking regex instead).
/// </remarks>
public sealed class LabelMatcher : IEquatable<LabelMatcher>
{
    private readonly RegexMatcher? _regex;

    private LabelMatcher(string name, LabelMatchType type, string value, RegexMatcher? regex)
    {
        Name = name;
        Type = type;
        Value = value;
        _regex = regex;
    }

    /// <summary>The label name.</summary>
    public string Name { get; }

    /// <summary>The operator.</summary>
    public LabelMatchType Type { get; }

    /// <summary>The value or regex source as written (unquoted).</summary>
    public string Value { get; }

    /// <summary>Creates a matcher; throws <see cref="RegexParseException"/>-style <see cref="ArgumentException"/> for a bad regex.</summary>
    public static LabelMatcher Create(LabelMatchType type, string name, string value)
    {
        if (!TryCreate(type, name, value, out var matcher, out var error))
        {
            throw new ArgumentException(error, nameof(value));
        }
        return matcher;
    }

    /// <summary>Creates a matcher, or returns false with Prometheus's wording (<c>error parsing regexp: ...</c>).</summary>
    public static bool TryCreate(LabelMatchType type, string name, string value, out LabelMatcher matcher, out string error)
    {
        RegexMatcher? regex = null;
        if (type is LabelMatchType.RegexMatch or LabelMatchType.RegexNoMatch)
        {
            if (!RegexMatcher.TryCreate(value, out regex, out error))
            {
                matcher = null!;
                return false;
            }
        }
        matcher = new LabelMatcher(name, type, value, regex);
        error = string.Empty;
        return true;
    }

    /// <summary>Whether a label value (empty for an absent label) satisfies the matcher.</summary>
    public bool Matches(string value) => Type switch
    {
        LabelMatchType.Equal => value == Value,
        LabelMatchType.NotEqual => value != Value,
        LabelMatchType.RegexMatch => _regex!.IsMatch(value),
        _ => !_regex!.IsMatch(value),
    };

    /// <summary>Whether the series with these labels satisfies the matcher.</summary>
    public bool Matches(LabelSet labels) => Matches(labels.Get(Name) ?? string.Empty);

    /// <summary>Whether the matcher selects series that lack the label (it matches the empty value).</summary>
    public bool MatchesEmpty => Matches(string.Empty);

    /// <summary>Prometheus's rendering: <c>name="value"</c> with Go-style quoting.</summary>
    public override string ToString()
    {
        var op = Type switch
        {
            LabelMatchType.Equal => "=",
            LabelMatchType.NotEqual => "!=",
            LabelMatchType.RegexMatch => "=~",
            _ => "!~",
        };
        return Name + op + GoQuote.Quote(Value);
    }

    public bool Equals(LabelMatcher? other) =>
        other is not null && other.Type == Type && other.Name == Name && other.Value == Value;

    public override bool Equals(object? obj) => Equals(obj as LabelMatcher);

    public override int GetHashCode() => HashCode.Combine(Name, Type, Value);
}

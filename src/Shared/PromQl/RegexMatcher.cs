using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Aggregator.Shared.PromQl;

/// <summary>
/// A fully anchored RE2-syntax regex with fast paths for the shapes rules use most
/// (<c>.*</c>, <c>.+</c>, literals, literal alternations, literal prefix + <c>.*</c> or <c>.+</c>). Matchers are
/// cached by source: building a non-backtracking regex costs about a millisecond (tens on first use),
/// and a federating Prometheus sends the same <c>match[]</c> every scrape.
/// </summary>
internal sealed class RegexMatcher
{
    /// <summary>Sources kept; past it the cache starts over, so hostile requests cannot grow it without bound.</summary>
    internal const int CacheCapacity = 512;

    private static readonly ConcurrentDictionary<string, RegexMatcher> Cache = new(StringComparer.Ordinal);

    private readonly Regex? _regex;
    private readonly Func<string, bool>? _fast;

    private RegexMatcher(Regex? regex, Func<string, bool>? fast)
    {
        _regex = regex;
        _fast = fast;
    }

    public static bool TryCreate(string source, out RegexMatcher? matcher, out string error)
    {
        if (Cache.TryGetValue(source, out matcher))
        {
            error = string.Empty;
            return true;
        }
        if (!Build(source, out matcher, out error))
        {
            return false;
        }
        if (Cache.Count >= CacheCapacity)
        {
            Cache.Clear();
        }
        Cache.TryAdd(source, matcher!);
        return true;
    }

    private static bool Build(string source, out RegexMatcher? matcher, out string error)
    {
        if (!Re2Translator.TryTranslate(source, out var translated, out error))
        {
            matcher = null;
            return false;
        }
        // Note: a shape with a fast path needs no automaton. Building a non-backtracking one is the costly part of
        // a selector (on the first use after start it also JIT-compiles the engine: most of the first /federate's
        // time before its first byte, BENCHMARKS.md "Warm-up"), and the translator has already checked the syntax.
        if (FastPath(source) is { } fast)
        {
            matcher = new RegexMatcher(null, fast);
            return true;
        }
        Regex regex;
        try
        {
            // Note: NonBacktracking gives RE2's linear-time guarantee; anchored like Prometheus 3.x.
            regex = new Regex("^(?s:" + translated + @")\z", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            error = Re2Translator.DescribeError(source, e);
            matcher = null;
            return false;
        }
        catch (Exception e) when (e is NotSupportedException or InsufficientExecutionStackException or OutOfMemoryException)
        {
            // Note: the non-backtracking engine refuses automata it cannot build (too many states, nesting
            // too deep); RE2 refuses such expressions too, so this is the caller's 400, never a 500.
            error = $"error parsing regexp: expression too large: `{source}`";
            matcher = null;
            return false;
        }
        matcher = new RegexMatcher(regex, null);
        return true;
    }

    public bool IsMatch(string value) => _fast is not null ? _fast(value) : _regex!.IsMatch(value);

    private static Func<string, bool>? FastPath(string source)
    {
        if (source == ".*")
        {
            return static _ => true;
        }
        if (source == ".+")
        {
            return static v => v.Length > 0;
        }
        if (IsLiteral(source))
        {
            return v => v == source;
        }
        if (source.EndsWith(".*", StringComparison.Ordinal) && IsLiteral(source[..^2]))
        {
            var prefix = source[..^2];
            return v => v.StartsWith(prefix, StringComparison.Ordinal);
        }
        if (source.EndsWith(".+", StringComparison.Ordinal) && IsLiteral(source[..^2]))
        {
            var prefix = source[..^2];
            return v => v.Length > prefix.Length && v.StartsWith(prefix, StringComparison.Ordinal);
        }
        var parts = source.Split('|');
        if (parts.Length > 1 && Array.TrueForAll(parts, IsLiteral))
        {
            var set = new HashSet<string>(parts, StringComparer.Ordinal);
            return set.Contains;
        }
        return null;
    }

    private static bool IsLiteral(string s)
    {
        foreach (char c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or ':' or '/' or ' ' or ',' or '=' or '@' or '#' or '%' or '!' or '~' or '<' or '>' or '&' or '\'' or '"' or ';' or '`'))
            {
                return false;
            }
        }
        return true;
    }
}

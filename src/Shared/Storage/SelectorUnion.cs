using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl;

namespace Aggregator.Shared.Storage;

/// <summary>
/// A series matches when every matcher of at least one selector matches it (the union of several
/// <c>match[]</c>, so a series matched twice is still returned once).
/// </summary>
public sealed class SelectorUnion : ISeriesMatcher
{
    private readonly IReadOnlyList<LabelMatcher>[] _selectors;
    private readonly LabelMatcher[][] _nameMatchers;

    public SelectorUnion(IReadOnlyList<IReadOnlyList<LabelMatcher>> selectors)
    {
        _selectors = [.. selectors];
        _nameMatchers = new LabelMatcher[_selectors.Length][];
        var exact = new List<string>();
        bool allExact = _selectors.Length > 0;
        for (int i = 0; i < _selectors.Length; i++)
        {
            _nameMatchers[i] = _selectors[i].Where(m => m.Name == Label.MetricName).ToArray();
            var equal = _nameMatchers[i].FirstOrDefault(m => m.Type == LabelMatchType.Equal);
            if (equal is null)
            {
                allExact = false;
            }
            else
            {
                exact.Add(equal.Value);
            }
        }
        ExactNames = allExact ? exact : null;
    }

    public IReadOnlyList<string>? ExactNames { get; }

    public bool MayMatchName(string metricName)
    {
        foreach (var matchers in _nameMatchers)
        {
            if (AllMatch(matchers, metricName))
            {
                return true;
            }
        }
        return false;
    }

    public bool MatchesWholeFamily(string metricName)
    {
        for (int i = 0; i < _selectors.Length; i++)
        {
            // Note: a selector of name matchers only selects every series of a name it accepts.
            if (_nameMatchers[i].Length == _selectors[i].Count && AllMatch(_nameMatchers[i], metricName))
            {
                return true;
            }
        }
        return false;
    }

    public bool Matches(LabelSet labels)
    {
        foreach (var selector in _selectors)
        {
            bool all = true;
            foreach (var matcher in selector)
            {
                if (!matcher.Matches(labels))
                {
                    all = false;
                    break;
                }
            }
            if (all)
            {
                return true;
            }
        }
        return false;
    }

    private static bool AllMatch(LabelMatcher[] matchers, string value)
    {
        foreach (var m in matchers)
        {
            if (!m.Matches(value))
            {
                return false;
            }
        }
        return true;
    }
}

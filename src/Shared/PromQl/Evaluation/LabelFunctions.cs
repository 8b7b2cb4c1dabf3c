using System.Text;
using System.Text.RegularExpressions;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>label_replace and label_join, with Go's <c>$1</c>/<c>${name}</c> template expansion.</summary>
internal static class LabelFunctions
{
    public static VectorValue Replace(VectorValue input, string dst, string replacement, string src, string pattern)
    {
        if (!Re2Translator.TryTranslate(pattern, out var translated, out _))
        {
            throw new PromQlEvaluationException("invalid regular expression in label_replace(): " + pattern);
        }
        Regex regex;
        try
        {
            // Note: backtracking (not NonBacktracking) so that capture groups follow RE2's leftmost-first choice.
            regex = new Regex("^(?s:" + translated + @")\z", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));
        }
        catch (ArgumentException)
        {
            throw new PromQlEvaluationException("invalid regular expression in label_replace(): " + pattern);
        }
        if (!PromQlEvaluator.IsValidLabelName(dst))
        {
            throw new PromQlEvaluationException("invalid destination label name in label_replace(): " + dst);
        }
        var output = new List<VectorSample>(input.Samples.Count);
        foreach (var e in input.Samples)
        {
            var match = regex.Match(e.Get(src));
            if (!match.Success)
            {
                output.Add(e);
                continue;
            }
            var value = Expand(replacement, match, regex);
            output.Add(WithLabel(e, dst, value));
        }
        return Unique(output);
    }

    public static VectorValue Join(VectorValue input, string dst, string separator, List<string> sources)
    {
        foreach (var s in sources)
        {
            if (!PromQlEvaluator.IsValidLabelName(s))
            {
                throw new PromQlEvaluationException("invalid source label name in label_join(): " + s);
            }
        }
        if (!PromQlEvaluator.IsValidLabelName(dst))
        {
            throw new PromQlEvaluationException("invalid destination label name in label_join(): " + dst);
        }
        var output = new List<VectorSample>(input.Samples.Count);
        foreach (var e in input.Samples)
        {
            var values = new string[sources.Count];
            for (int i = 0; i < sources.Count; i++)
            {
                values[i] = e.Get(sources[i]);
            }
            output.Add(WithLabel(e, dst, string.Join(separator, values)));
        }
        return Unique(output);
    }

    private static VectorSample WithLabel(VectorSample e, string name, string value)
    {
        var labels = e.Labels.With(name, value);
        return name == Label.MetricName ? e with { Labels = labels, DropName = false } : e with { Labels = labels };
    }

    private static VectorValue Unique(List<VectorSample> output)
    {
        var seen = new HashSet<LabelSet>();
        foreach (var s in output)
        {
            if (!seen.Add(s.EffectiveLabels))
            {
                throw new PromQlEvaluationException("vector cannot contain metrics with the same labelset");
            }
        }
        return new VectorValue(output);
    }

    /// <summary>Go's regexp.Expand: <c>$n</c>, <c>${n}</c>, <c>$name</c>, <c>${name}</c>, <c>$$</c>.</summary>
    internal static string Expand(string template, Match match, Regex regex)
    {
        var sb = new StringBuilder();
        int i = 0;
        while (i < template.Length)
        {
            char c = template[i];
            if (c != '$' || i + 1 >= template.Length)
            {
                sb.Append(c);
                i++;
                continue;
            }
            if (template[i + 1] == '$')
            {
                sb.Append('$');
                i += 2;
                continue;
            }
            string name;
            int next;
            if (template[i + 1] == '{')
            {
                int close = template.IndexOf('}', i + 2);
                name = close < 0 ? string.Empty : template[(i + 2)..close];
                next = close + 1;
                if (close < 0 || !IsName(name))
                {
                    sb.Append('$');
                    i++;
                    continue;
                }
            }
            else
            {
                int j = i + 1;
                while (j < template.Length && (char.IsAsciiLetterOrDigit(template[j]) || template[j] == '_'))
                {
                    j++;
                }
                name = template[(i + 1)..j];
                next = j;
                if (name.Length == 0)
                {
                    sb.Append('$');
                    i++;
                    continue;
                }
            }
            sb.Append(GroupValue(match, regex, name));
            i = next;
        }
        return sb.ToString();
    }

    private static bool IsName(string s)
    {
        if (s.Length == 0)
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

    private static string GroupValue(Match match, Regex regex, string name)
    {
        if (int.TryParse(name, out int number))
        {
            // Note: group numbers count the outer "(?s:" wrapper as non-capturing, so they line up.
            return number < match.Groups.Count && match.Groups[number].Success ? match.Groups[number].Value : string.Empty;
        }
        return Array.IndexOf(regex.GetGroupNames(), name) >= 0 && match.Groups[name].Success ? match.Groups[name].Value : string.Empty;
    }
}

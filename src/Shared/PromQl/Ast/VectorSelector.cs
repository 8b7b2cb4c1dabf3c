using System.Text;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.PromQl.Ast;

/// <summary>An instant vector selector: <c>name{matchers} offset d @ t</c>.</summary>
public sealed class VectorSelector : Expr
{
    public VectorSelector(string? name, IReadOnlyList<LabelMatcher> matchers)
    {
        Name = name;
        Matchers = matchers;
    }

    /// <summary>The metric name as written before the braces, or null.</summary>
    public string? Name { get; }

    /// <summary>All matchers, including <c>__name__="Name"</c> when a name was written.</summary>
    public IReadOnlyList<LabelMatcher> Matchers { get; }

    /// <summary>The offset in milliseconds (negative offsets allowed).</summary>
    public long OffsetMs { get; internal set; }

    /// <summary>The <c>@</c> modifier kind.</summary>
    public AtModifier At { get; internal set; }

    /// <summary>The <c>@</c> timestamp in milliseconds when <see cref="At"/> is Timestamp.</summary>
    public long AtMs { get; internal set; }

    public override ValueType Type => ValueType.Vector;

    public override string ToString()
    {
        var sb = new StringBuilder();
        var shown = new List<LabelMatcher>();
        foreach (var m in Matchers)
        {
            if (Name is not null && m.Name == Label.MetricName && m.Type == LabelMatchType.Equal && m.Value == Name)
            {
                continue;
            }
            shown.Add(m);
        }
        sb.Append(Name);
        if (shown.Count > 0 || Name is null)
        {
            sb.Append('{').AppendJoin(", ", shown).Append('}');
        }
        Modifiers.Append(sb, OffsetMs, At, AtMs);
        return sb.ToString();
    }
}

using Aggregator.Shared.Model;

namespace Aggregator.Shared.Federation;

/// <summary>
/// The labels /federate appends to every sample (FEDERATE_SPEC §5): the configured external labels
/// (on a Node, the site label) plus <c>instance=""</c> when none is configured, in byte order.
/// Per sample: the series' own labels (byte order, without <c>__name__</c> and empty values), then each
/// external label the series does not already carry with a non-empty value — the series' value wins.
/// </summary>
public sealed class ExternalLabels
{
    private readonly Label[] _labels;

    /// <summary>Builds the set from the configured labels (an <c>instance</c> entry is added if missing).</summary>
    public ExternalLabels(IEnumerable<Label> configured)
    {
        var set = LabelSet.From(configured);
        if (!set.Has("instance"))
        {
            // Note: LabelSet.With drops empty values, so insert instance="" by hand.
            var list = new List<Label>(set.AsSpan().ToArray()) { new("instance", string.Empty) };
            list.Sort(static (a, b) => CodePointOrder.Compare(a.Name, b.Name));
            _labels = [.. list];
        }
        else
        {
            _labels = set.AsSpan().ToArray();
        }
    }

    /// <summary>No configured labels: only <c>instance=""</c>.</summary>
    public static ExternalLabels None { get; } = new([]);

    /// <summary>The labels appended when missing, in byte order.</summary>
    public ReadOnlySpan<Label> Labels => _labels;

    /// <summary>The most labels <see cref="Apply"/> can produce for <paramref name="series"/>.</summary>
    public int MaxOutput(LabelSet series) => series.Count + _labels.Length;

    /// <summary>
    /// Writes the external labels <paramref name="series"/> lacks (or carries empty) into
    /// <paramref name="output"/>, in order; returns how many. <see cref="Apply"/> = the series' own
    /// non-empty labels without <c>__name__</c>, then these.
    /// </summary>
    public int Missing(LabelSet series, Span<Label> output)
    {
        int n = 0;
        foreach (var external in _labels)
        {
            if (string.IsNullOrEmpty(series.Get(external.Name)))
            {
                output[n++] = external;
            }
        }
        return n;
    }

    /// <summary>Writes the output labels of one sample into <paramref name="output"/>; returns how many.</summary>
    public int Apply(LabelSet series, Span<Label> output)
    {
        int n = 0;
        foreach (var label in series.AsSpan())
        {
            if (label.Value.Length == 0 || label.Name == Label.MetricName)
            {
                continue;
            }
            output[n++] = label;
        }
        foreach (var external in _labels)
        {
            var own = series.Get(external.Name);
            if (string.IsNullOrEmpty(own))
            {
                output[n++] = external;
            }
        }
        return n;
    }
}

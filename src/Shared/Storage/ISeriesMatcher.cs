using Aggregator.Shared.Model;

namespace Aggregator.Shared.Storage;

/// <summary>Decides which series a selection returns; the store asks per family first, then per series.</summary>
public interface ISeriesMatcher
{
    /// <summary>
    /// The only metric names that can match, when the matcher knows them (an equality matcher on
    /// <c>__name__</c> in every selector); null when any name may match. Lets the store skip the scan.
    /// </summary>
    IReadOnlyList<string>? ExactNames { get; }

    /// <summary>False when no series of this metric name can match (checked once per family).</summary>
    bool MayMatchName(string metricName);

    /// <summary>
    /// True when every series of this metric name is selected (the selectors decided on the name
    /// alone), so the store skips <see cref="Matches"/> per series. False when unsure.
    /// </summary>
    bool MatchesWholeFamily(string metricName) => false;

    /// <summary>Whether this series is selected. Called under the family's lock: keep it cheap and pure.</summary>
    bool Matches(LabelSet labels);
}

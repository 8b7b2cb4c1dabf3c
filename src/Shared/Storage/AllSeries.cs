using Aggregator.Shared.Model;

namespace Aggregator.Shared.Storage;

/// <summary>A matcher that selects every series.</summary>
public sealed class AllSeries : ISeriesMatcher
{
    /// <summary>The single instance.</summary>
    public static readonly AllSeries Instance = new();

    private AllSeries()
    {
    }

    public IReadOnlyList<string>? ExactNames => null;

    public bool MayMatchName(string metricName) => true;

    public bool MatchesWholeFamily(string metricName) => true;

    public bool Matches(LabelSet labels) => true;
}

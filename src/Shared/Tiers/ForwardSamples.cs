using Aggregator.Shared.RemoteWrite;

namespace Aggregator.Shared.Tiers;

/// <summary>A batch of series (site label already set) for one upstream member.</summary>
internal sealed record ForwardSamples(IReadOnlyList<WriteSeries> Series);

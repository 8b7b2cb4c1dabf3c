using Aggregator.Shared.RemoteWrite;

namespace Aggregator.Shared.Tiers;

/// <summary>Series for the parent ring; a site Node's forwarder adds its site label, and splits them into requests of bounded size.</summary>
internal sealed record ForwardSamples(IReadOnlyList<WriteSeries> Series);

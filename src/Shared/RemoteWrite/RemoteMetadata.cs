using Aggregator.Shared.Model;

namespace Aggregator.Shared.RemoteWrite;

/// <summary>
/// Remote-write <c>MetricMetadata</c>. Note: the wire enum (UNKNOWN=0, COUNTER=1, ... STATESET=7)
/// has the same numbers as <see cref="MetricType"/>, with UNKNOWN as <see cref="MetricType.Untyped"/>.
/// </summary>
public sealed record RemoteMetadata(MetricType Type, string MetricFamilyName, string Help, string Unit);

namespace Aggregator.Bench.SideBySide;

/// <summary>One timed <c>/federate</c> fetch: total and first-byte seconds, body bytes, sample lines.</summary>
internal sealed record FederateTiming(double Seconds, double FirstByteSeconds, long Bytes, long Samples);

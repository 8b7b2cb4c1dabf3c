namespace Aggregator.Shared.Federation;

/// <summary>The source cannot answer yet or any more (Prometheus's "TSDB not ready"): /federate answers 503.</summary>
public sealed class FederationUnavailableException(string message) : Exception(message);

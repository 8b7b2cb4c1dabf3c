namespace Aggregator.Shared.RemoteWrite;

/// <summary>The end of one send: outcome, attempts made, last HTTP status (if any) and last error text.</summary>
public readonly record struct RemoteWriteResult(RemoteWriteOutcome Outcome, int Attempts, int? StatusCode, string? Error);

namespace Aggregator.Shared.RemoteWrite;

/// <summary>A run of <paramref name="Length"/> consecutive native-histogram buckets after a gap of <paramref name="Offset"/>.</summary>
public readonly record struct BucketSpan(int Offset, uint Length);

namespace Aggregator.Shared.Model;

/// <summary>One span of populated buckets: <c>Offset</c> buckets skipped, then <c>Length</c> buckets.</summary>
public readonly record struct BucketSpan(int Offset, uint Length);

namespace Aggregator.Shared.Tests.Storage;

/// <summary>
/// Tests that measure the process's heap (<c>GC.GetTotalMemory</c> deltas) run alone: a test of another class
/// allocating in parallel would count as theirs (a first run read 676 bytes per series for what holds 302).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasurementCollection
{
    public const string Name = "heap measurement";
}

namespace Aggregator.Integration.Tests.Faults;

/// <summary>
/// The fault cases that keep processes busy (readers, hostile and slow clients, kills) run one after
/// another: in parallel they and the other real-process tests starved a 2-core CI machine until
/// unrelated tests' polls timed out. The two-minute outage case mostly waits, so it stays outside.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FaultSuiteCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "fault suite, one case at a time";
}

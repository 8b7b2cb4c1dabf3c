using Xunit;

namespace Aggregator.Tests.Common;

/// <summary>
/// A fact that reads external conformance data (<see cref="RepoPaths.Conformance"/>): reported as skipped,
/// with the reason, when the data is absent, so a clone with nothing beside it neither fails nor counts it as passed.
/// </summary>
/// <remarks>Note: xunit 2 has no dynamic skip; its discoverer reads <c>Skip</c> from the attribute instance, so setting it here works.</remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ConformanceFactAttribute : FactAttribute
{
    public ConformanceFactAttribute()
    {
        if (RepoPaths.ConformanceSkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

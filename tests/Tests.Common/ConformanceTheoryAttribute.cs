using Xunit;

namespace Aggregator.Tests.Common;

/// <summary>
/// A theory that reads external conformance data (<see cref="RepoPaths.Conformance"/>): one skipped test, with the
/// reason, when the data is absent. Its member data must still yield nothing rather than throw then
/// (<see cref="RepoPaths.ConformanceFiles"/>), for runners that enumerate it anyway.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ConformanceTheoryAttribute : TheoryAttribute
{
    public ConformanceTheoryAttribute()
    {
        if (RepoPaths.ConformanceSkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

namespace Aggregator.Shared.Model;

/// <summary>
/// A metric family's metadata as exposed: name (without sample suffixes such as <c>_bucket</c>),
/// type, help and unit (empty when not given). Instances are shared by every sample of the family.
/// </summary>
public sealed record MetricFamilyInfo(string Name, MetricType Type, string Help = "", string Unit = "")
{
    /// <summary>The metadata of a sample seen without any <c># TYPE</c> line.</summary>
    public static MetricFamilyInfo Untyped(string name) => new(name, MetricType.Untyped);
}

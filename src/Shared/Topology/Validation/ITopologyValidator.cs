namespace Aggregator.Shared.Topology.Validation;

/// <summary>One family of rules over the bound topology; adds every problem it finds, never stops at the first.</summary>
internal interface ITopologyValidator
{
    void Validate(TopologyConfig topology, TopologyValidationContext context);
}

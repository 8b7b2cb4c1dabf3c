using System.Text.RegularExpressions;

namespace Aggregator.Shared.Topology.Validation;

/// <summary>Tree-wide settings and rule files: a valid site label, a positive lookback, rule files that exist.</summary>
internal sealed partial class GeneralValidator : ITopologyValidator
{
    public void Validate(TopologyConfig topology, TopologyValidationContext context)
    {
        if (!LabelName().IsMatch(topology.SiteLabel) || topology.SiteLabel.StartsWith("__", StringComparison.Ordinal))
        {
            context.Error("aggregator.site-label", $"expected a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __), got \"{topology.SiteLabel}\"");
        }
        if (topology.Lookback <= TimeSpan.Zero)
        {
            context.Error("aggregator.lookback", "expected a positive duration such as 5m");
        }
        if (topology.Nodes.Count == 0 && context.UnreadableNodes.Count == 0)
        {
            context.Error("aggregator.nodes", "expected at least one node");
        }
        foreach (var ring in topology.Rings)
        {
            CheckRuleFiles(ring.RuleFiles, TopologyValidationContext.RingPath(ring.Name), context);
        }
        foreach (var node in topology.Nodes)
        {
            CheckRuleFiles(node.RuleFiles, TopologyValidationContext.NodePath(node.Id), context);
        }
    }

    private static void CheckRuleFiles(IReadOnlyList<string> files, string path, TopologyValidationContext context)
    {
        for (int i = 0; i < files.Count; i++)
        {
            if (!File.Exists(files[i]))
            {
                context.Error($"{path}.rule-files[{i}]", $"rule file not found: {files[i]}");
            }
        }
    }

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelName();
}

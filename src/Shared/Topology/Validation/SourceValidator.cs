using Aggregator.Shared.RemoteWrite;

namespace Aggregator.Shared.Topology.Validation;

/// <summary>Sources: unique names per node, sane timing and limits, and consistent credentials.</summary>
internal sealed class SourceValidator : ITopologyValidator
{
    public void Validate(TopologyConfig topology, TopologyValidationContext context)
    {
        foreach (var node in topology.Nodes)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < node.Sources.Count; i++)
            {
                var source = node.Sources[i];
                var path = $"{TopologyValidationContext.NodePath(node.Id)}.sources[{i}]";
                if (!names.Add(source.Name))
                {
                    context.Error(path + ".name", $"duplicate source name '{source.Name}' in node '{node.Id}'");
                }
                if (source.Urls.Distinct().Count() != source.Urls.Count)
                {
                    context.Error(path + ".urls", "duplicate URL among the replicas");
                }
                if (source.Interval <= TimeSpan.Zero)
                {
                    context.Error(path + ".interval", $"expected a positive duration, got {source.Interval}");
                }
                if (source.Timeout <= TimeSpan.Zero || source.Timeout > source.Interval)
                {
                    context.Error(path + ".timeout", $"expected a positive duration no longer than interval ({source.Interval.TotalSeconds}s), got {source.Timeout.TotalSeconds}s");
                }
                if (source.Jitter < TimeSpan.Zero || (source.Jitter > TimeSpan.Zero && source.Jitter >= source.Interval))
                {
                    context.Error(path + ".jitter", $"expected a duration from 0 up to (not including) interval, got {source.Jitter.TotalSeconds}s");
                }
                if (source.SampleLimit < 0)
                {
                    context.Error(path + ".sample-limit", "expected 0 (no limit) or a positive number");
                }
                if (source.BodySizeLimit < 0)
                {
                    context.Error(path + ".body-size-limit", "expected 0 (no limit) or a positive size such as 64MiB");
                }
                for (int m = 0; m < source.Match.Count; m++)
                {
                    if (string.IsNullOrWhiteSpace(source.Match[m]))
                    {
                        context.Error($"{path}.match[{m}]", "expected a series selector such as {job=\"api\"}, got an empty string");
                    }
                }
                CheckReplicaLabels(source, path, topology.SiteLabel, context);
                CredentialRules.CheckAuth(source.Auth, path + ".auth", context);
                CredentialRules.CheckTls(source.Tls, path + ".tls", context);
            }
        }
    }

    private static void CheckReplicaLabels(SourceConfig source, string path, string siteLabel, TopologyValidationContext context)
    {
        for (int r = 0; r < source.ReplicaLabels.Count; r++)
        {
            string label = source.ReplicaLabels[r];
            string at = $"{path}.replica-labels[{r}]";
            if (!LabelRules.IsValidLabelName(label) || label.StartsWith("__", StringComparison.Ordinal))
            {
                context.Error(at, $"expected a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __), got \"{label}\"");
            }
            else if (label is "job" or "instance" || label == siteLabel)
            {
                // Note: dropping these would merge distinct series (every job or instance into one).
                context.Error(at, $"'{label}' tells series apart, not replicas: dropping it would merge series");
            }
        }
        if (source.ReplicaLabels.Distinct(StringComparer.Ordinal).Count() != source.ReplicaLabels.Count)
        {
            context.Error(path + ".replica-labels", "duplicate label name");
        }
    }
}

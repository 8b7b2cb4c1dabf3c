using Aggregator.Shared.PromQl;
using Aggregator.Shared.PromQl.Evaluation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Aggregator.Shared.Rules;

/// <summary>
/// Loads Prometheus rule files (<c>groups</c> of <c>record</c>/<c>expr</c>/<c>labels</c> rules,
/// multi-document files allowed). Every problem is collected, worded as promtool words it:
/// <c>file:line:col: group "g", rule 2, "name": could not parse expression: ...</c>.
/// Alerting rules are skipped with a warning naming them. Expressions using functions this
/// engine does not evaluate fail here with "not supported: &lt;function&gt;".
/// </summary>
public static class RuleFileLoader
{
    private static readonly HashSet<string> GroupFields = ["name", "interval", "query_offset", "limit", "rules", "labels"];
    private static readonly HashSet<string> RuleFields = ["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"];

    /// <summary>Loads and validates several files; groups keep file order.</summary>
    public static RuleLoadResult LoadFiles(IEnumerable<string> paths)
    {
        var groups = new List<RuleGroupDefinition>();
        var errors = new List<string>();
        var warnings = new List<string>();
        foreach (var path in paths)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (IOException e)
            {
                errors.Add($"{path}: {e.Message}");
                continue;
            }
            catch (UnauthorizedAccessException e)
            {
                errors.Add($"{path}: {e.Message}");
                continue;
            }
            var r = Parse(text, path);
            groups.AddRange(r.Groups);
            errors.AddRange(r.Errors);
            warnings.AddRange(r.Warnings);
        }
        return new RuleLoadResult(groups, errors, warnings);
    }

    /// <summary>Parses the text of one rule file; <paramref name="file"/> names it in messages.</summary>
    public static RuleLoadResult Parse(string text, string file)
    {
        var groups = new List<RuleGroupDefinition>();
        var errors = new List<string>();
        var warnings = new List<string>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            errors.Add($"{file}: {e.Start.Line}:{e.Start.Column}: yaml: {e.InnerException?.Message ?? e.Message}");
            return new RuleLoadResult(groups, errors, warnings);
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is YamlScalarNode { Value: null or "" })
            {
                continue;
            }
            if (document.RootNode is not YamlMappingNode root)
            {
                errors.Add($"{file}: {Pos(document.RootNode)}: yaml: expected a mapping with 'groups'");
                continue;
            }
            foreach (var (key, value) in root.Children)
            {
                var k = ((YamlScalarNode)key).Value;
                if (k != "groups")
                {
                    errors.Add($"{file}: {Pos(key)}: field {k} not found in type rulefmt.RuleGroups");
                }
            }
            if (!root.Children.TryGetValue(new YamlScalarNode("groups"), out var groupsNode))
            {
                continue;
            }
            if (groupsNode is not YamlSequenceNode groupList)
            {
                if (groupsNode is not YamlScalarNode { Value: null or "" })
                {
                    errors.Add($"{file}: {Pos(groupsNode)}: 'groups' must be a list");
                }
                continue;
            }
            foreach (var groupNode in groupList)
            {
                if (ParseGroup(groupNode, file, names, errors, warnings) is { } group)
                {
                    groups.Add(group);
                }
            }
        }
        return new RuleLoadResult(groups, errors, warnings);
    }

    private static RuleGroupDefinition? ParseGroup(YamlNode node, string file, HashSet<string> names, List<string> errors, List<string> warnings)
    {
        if (node is not YamlMappingNode map)
        {
            errors.Add($"{file}: {Pos(node)}: a group must be a mapping");
            return null;
        }
        int errorsBefore = errors.Count;
        foreach (var key in map.Children.Keys)
        {
            var k = ((YamlScalarNode)key).Value ?? string.Empty;
            if (!GroupFields.Contains(k))
            {
                errors.Add($"{file}: {Pos(key)}: field {k} not found in type rulefmt.RuleGroup");
            }
        }
        var name = Scalar(map, "name") ?? string.Empty;
        if (name.Length == 0)
        {
            errors.Add($"{file}: {Pos(map)}: Groupname must not be empty");
        }
        else if (!names.Add(name))
        {
            errors.Add($"{file}: {Pos(map)}: groupname: \"{name}\" is repeated in the same file");
        }
        TimeSpan? interval = null;
        if (Scalar(map, "interval") is { } iv)
        {
            if (PromDuration.TryParse(iv, out long ms) && ms > 0)
            {
                interval = TimeSpan.FromMilliseconds(ms);
            }
            else
            {
                errors.Add($"{file}: {Pos(map.Children[new YamlScalarNode("interval")])}: group \"{name}\": invalid interval {GoQuote(iv)}");
            }
        }
        TimeSpan offset = TimeSpan.Zero;
        if (Scalar(map, "query_offset") is { } qo)
        {
            if (PromDuration.TryParse(qo, out long ms))
            {
                offset = TimeSpan.FromMilliseconds(ms);
            }
            else
            {
                errors.Add($"{file}: {Pos(map)}: group \"{name}\": invalid query_offset {GoQuote(qo)}");
            }
        }
        int limit = 0;
        if (Scalar(map, "limit") is { } lim && !int.TryParse(lim, out limit))
        {
            errors.Add($"{file}: {Pos(map)}: group \"{name}\": invalid limit {GoQuote(lim)}");
        }
        var rules = new List<RecordingRule>();
        var skipped = new List<string>();
        if (map.Children.TryGetValue(new YamlScalarNode("rules"), out var rulesNode) && rulesNode is YamlSequenceNode ruleList)
        {
            int index = 0;
            foreach (var ruleNode in ruleList)
            {
                index++;
                if (RuleParser.Parse(ruleNode, file, name, index, errors) is { } parsed)
                {
                    if (parsed.Alert is { } alert)
                    {
                        skipped.Add(alert);
                        warnings.Add($"{file}: {Pos(ruleNode)}: group \"{name}\", rule {index}: alerting rule \"{alert}\" skipped (alerting rules are not evaluated here)");
                    }
                    else if (parsed.Rule is { } rule)
                    {
                        rules.Add(rule);
                    }
                }
            }
        }
        if (errors.Count > errorsBefore)
        {
            return null;
        }
        return new RuleGroupDefinition(name, rules)
        {
            Interval = interval,
            QueryOffset = offset,
            Limit = limit,
            File = file,
            SkippedAlerts = skipped,
        };
    }

    internal static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode s ? s.Value : null;

    internal static string Pos(YamlNode node) => $"{node.Start.Line}:{node.Start.Column}";

    internal static string GoQuote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    internal static bool IsFields(YamlMappingNode map, string file, HashSet<string> allowed, string type, List<string> errors, string context)
    {
        bool ok = true;
        foreach (var key in map.Children.Keys)
        {
            var k = ((YamlScalarNode)key).Value ?? string.Empty;
            if (!allowed.Contains(k))
            {
                errors.Add($"{file}: {Pos(key)}: {context}field {k} not found in type {type}");
                ok = false;
            }
        }
        return ok;
    }

    internal static HashSet<string> AllowedRuleFields => RuleFields;

    internal static string? Unsupported(PromQl.Ast.Expr expr) => SupportCheck.Find(expr);
}

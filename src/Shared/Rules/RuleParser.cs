using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl;
using Aggregator.Shared.PromQl.Ast;
using YamlDotNet.RepresentationModel;

namespace Aggregator.Shared.Rules;

/// <summary>Validates one rule mapping as promtool does; a recording rule or a skipped alert comes out.</summary>
internal static class RuleParser
{
    public sealed record Parsed(RecordingRule? Rule, string? Alert);

    public static Parsed? Parse(YamlNode node, string file, string group, int index, List<string> errors)
    {
        if (node is not YamlMappingNode map)
        {
            errors.Add($"{file}: {RuleFileLoader.Pos(node)}: group \"{group}\", rule {index}: a rule must be a mapping");
            return null;
        }
        var record = RuleFileLoader.Scalar(map, "record");
        var alert = RuleFileLoader.Scalar(map, "alert");
        var name = record ?? alert ?? string.Empty;
        string Where(YamlNode at) => $"{file}: {RuleFileLoader.Pos(at)}: group \"{group}\", rule {index}, \"{name}\": ";
        int before = errors.Count;
        RuleFileLoader.IsFields(map, file, RuleFileLoader.AllowedRuleFields, "rulefmt.Rule", errors, $"group \"{group}\", rule {index}: ");
        if (record is null && alert is null)
        {
            errors.Add(Where(map) + "one of 'record' or 'alert' must be set");
        }
        if (record is not null && alert is not null)
        {
            errors.Add(Where(map) + "only one of 'record' and 'alert' must be set");
        }
        var exprText = RuleFileLoader.Scalar(map, "expr");
        YamlNode exprNode = map.Children.TryGetValue(new YamlScalarNode("expr"), out var en) ? en : map;
        Expr? expr = null;
        if (string.IsNullOrEmpty(exprText))
        {
            errors.Add(Where(map) + "field 'expr' must be set in rule");
        }
        else
        {
            try
            {
                expr = PromQlParser.ParseExpr(exprText);
            }
            catch (PromQlParseException e)
            {
                errors.Add(Where(exprNode) + "could not parse expression: " + e.Message);
            }
        }
        if (alert is not null)
        {
            return errors.Count == before ? new Parsed(null, alert) : null;
        }
        if (record is not null)
        {
            if (!IsMetricName(record))
            {
                errors.Add(Where(map) + "invalid recording rule name: " + record);
            }
            foreach (var field in new[] { "for", "keep_firing_for", "annotations" })
            {
                if (map.Children.ContainsKey(new YamlScalarNode(field)))
                {
                    errors.Add(Where(map) + $"invalid field '{field}' in recording rule");
                }
            }
        }
        var labels = new List<Label>();
        if (map.Children.TryGetValue(new YamlScalarNode("labels"), out var labelsNode))
        {
            if (labelsNode is YamlMappingNode lm)
            {
                foreach (var (k, v) in lm.Children)
                {
                    var ln = ((YamlScalarNode)k).Value ?? string.Empty;
                    if (ln.Length == 0 || ln == Label.MetricName)
                    {
                        errors.Add(Where(k) + $"invalid label name: {ln}");
                        continue;
                    }
                    labels.Add(new Label(ln, (v as YamlScalarNode)?.Value ?? string.Empty));
                }
            }
            else if (labelsNode is not YamlScalarNode { Value: null or "" })
            {
                errors.Add(Where(labelsNode) + "'labels' must be a mapping");
            }
        }
        if (expr is not null && RuleFileLoader.Unsupported(expr) is { } unsupported)
        {
            errors.Add(Where(exprNode) + "not supported: " + unsupported);
        }
        if (errors.Count > before || expr is null)
        {
            return null;
        }
        var rule = new RecordingRule(record!, expr, exprText!, LabelSet.From(labels))
        {
            Line = (int)map.Start.Line,
            Column = (int)map.Start.Column,
        };
        return new Parsed(rule, null);
    }

    /// <summary>Prometheus's metric name rule for recording rules: [a-zA-Z_:][a-zA-Z0-9_:]*.</summary>
    private static bool IsMetricName(string s)
    {
        if (s.Length == 0 || !(char.IsAsciiLetter(s[0]) || s[0] is '_' or ':'))
        {
            return false;
        }
        foreach (char c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or ':'))
            {
                return false;
            }
        }
        return true;
    }
}

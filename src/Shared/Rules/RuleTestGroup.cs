using Aggregator.Shared.PromQl;
using Aggregator.Shared.PromQl.Evaluation;
using YamlDotNet.RepresentationModel;

namespace Aggregator.Shared.Rules;

/// <summary>One entry of a promtool test file's <c>tests</c>: load series, evaluate the rules, check expressions.</summary>
internal static class RuleTestGroup
{
    public static List<string> Run(YamlMappingNode test, long evalInterval, Dictionary<string, int> order, List<string> ruleFiles, string dir, List<string> warnings)
    {
        var errors = new List<string>();
        RuleUnitTestRunner.Strict(test, ["interval", "input_series", "alert_rule_test", "promql_expr_test", "external_labels", "external_url", "name"], "main.testGroup", errors);
        if (errors.Count > 0)
        {
            return errors;
        }
        var name = RuleFileLoader.Scalar(test, "name");
        long interval = evalInterval;
        if (RuleFileLoader.Scalar(test, "interval") is { } iv && !PromDuration.TryParse(iv, out interval))
        {
            return [$"invalid interval {iv}"];
        }
        var store = new InMemorySeriesSource();
        if (test.Children.TryGetValue(new YamlScalarNode("input_series"), out var inputNode) && inputNode is YamlSequenceNode inputs)
        {
            foreach (var input in inputs.OfType<YamlMappingNode>())
            {
                var series = RuleFileLoader.Scalar(input, "series") ?? string.Empty;
                var values = RuleFileLoader.Scalar(input, "values") ?? string.Empty;
                try
                {
                    var description = SeriesDescription.Parse(series + " " + values);
                    for (int i = 0; i < description.Values.Count; i++)
                    {
                        if (description.Values[i] is double v)
                        {
                            store.Add(description.Labels, i * interval, v);
                        }
                    }
                }
                catch (FormatException e)
                {
                    return [$"{input.Start.Line}:{input.Start.Column}: input series {RuleUnitTestRunner.Quote(series)}: {e.Message}"];
                }
            }
        }
        var loaded = RuleFileLoader.LoadFiles(ruleFiles);
        if (!loaded.Success)
        {
            return [.. loaded.Errors.Select(e => RelativeTo(e, dir))];
        }
        foreach (var g in loaded.Groups)
        {
            foreach (var alert in g.SkippedAlerts)
            {
                warnings.Add($"alerting rule {RuleUnitTestRunner.Quote(alert)} in group {RuleUnitTestRunner.Quote(g.Name)} skipped");
            }
        }
        var groups = loaded.Groups.OrderBy(g => order.GetValueOrDefault(g.Name)).Select(g => new RuleGroupEvaluator(g)).ToList();
        var exprTests = Cases(test, "promql_expr_test");
        int alertTests = Cases(test, "alert_rule_test").Count;
        if (alertTests > 0)
        {
            warnings.Add($"{alertTests} alert_rule_test case(s){(name is null ? string.Empty : " in " + name)} skipped: alerting rules are not evaluated");
        }
        long maxEval = 0;
        foreach (var c in exprTests)
        {
            maxEval = Math.Max(maxEval, EvalTime(c));
        }
        foreach (var c in Cases(test, "alert_rule_test"))
        {
            maxEval = Math.Max(maxEval, EvalTime(c));
        }
        for (long ts = 0; ts <= maxEval && groups.Count > 0; ts += evalInterval)
        {
            var evalErrors = new List<string>();
            foreach (var g in groups)
            {
                var result = g.Evaluate(store, ts);
                foreach (var s in result.Samples)
                {
                    store.Add(s.Labels, s.TimestampMs, s.Value);
                }
                foreach (var e in result.Errors)
                {
                    evalErrors.Add($"    rule: {e.Rule}, time: {RuleUnitTestRunner.FormatDuration(ts)}, err: {e.Message}");
                }
            }
            if (evalErrors.Count > 0)
            {
                errors.AddRange(evalErrors);
                return errors;
            }
        }
        var evaluator = new PromQlEvaluator(store, new EvaluatorOptions { DefaultSubqueryStepMs = evalInterval });
        foreach (var c in exprTests)
        {
            if (ExprCase.Check(c, evaluator, name) is { } failure)
            {
                errors.Add(failure);
            }
        }
        return errors;
    }

    private static string RelativeTo(string message, string dir)
    {
        var prefix = dir.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
    }

    internal static List<YamlMappingNode> Cases(YamlMappingNode test, string key) =>
        test.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlSequenceNode seq
            ? [.. seq.OfType<YamlMappingNode>()]
            : [];

    internal static long EvalTime(YamlMappingNode c) =>
        RuleFileLoader.Scalar(c, "eval_time") is { } t && PromDuration.TryParse(t, out long ms) ? ms : 0;
}

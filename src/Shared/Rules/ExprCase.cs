using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl;
using Aggregator.Shared.PromQl.Evaluation;
using YamlDotNet.RepresentationModel;

namespace Aggregator.Shared.Rules;

/// <summary>One <c>promql_expr_test</c> case: evaluate at <c>eval_time</c> and compare with <c>exp_samples</c>.</summary>
internal static class ExprCase
{
    public static string? Check(YamlMappingNode c, PromQlEvaluator evaluator, string? groupName)
    {
        var expr = RuleFileLoader.Scalar(c, "expr") ?? string.Empty;
        long time = RuleTestGroup.EvalTime(c);
        string head = $"    expr: {RuleUnitTestRunner.Quote(expr)}, time: {RuleUnitTestRunner.FormatDuration(time)}";
        _ = groupName;
        List<(LabelSet Labels, double Value)> got;
        try
        {
            var parsed = PromQlParser.ParseExpr(expr);
            got = evaluator.Evaluate(parsed, time) switch
            {
                ScalarValue s => [(LabelSet.Empty, s.Value)],
                VectorValue v => v.Samples.Select(e => (e.Labels, e.Value)).ToList(),
                _ => throw new PromQlEvaluationException("rule result is not a vector or scalar"),
            };
        }
        catch (Exception e) when (e is PromQlParseException or PromQlEvaluationException or NotSupportedException)
        {
            return $"{head}, err: {e.Message}";
        }
        var expected = new List<(LabelSet Labels, double Value)>();
        foreach (var sample in RuleTestGroup.Cases(c, "exp_samples"))
        {
            var labelsText = RuleFileLoader.Scalar(sample, "labels") ?? string.Empty;
            if (sample.Children.ContainsKey(new YamlScalarNode("histogram")))
            {
                return $"{head}, err: native histogram samples are not supported";
            }
            LabelSet labels;
            try
            {
                labels = labelsText.Length == 0 ? LabelSet.Empty : SeriesDescription.ParseMetric(labelsText);
            }
            catch (FormatException e)
            {
                return $"{head}, err: labels {RuleUnitTestRunner.Quote(labelsText)}: {e.Message}";
            }
            var valueText = RuleFileLoader.Scalar(sample, "value") ?? "0";
            expected.Add((labels, RuleUnitTestRunner.ParseValue(valueText)));
        }
        expected.Sort((a, b) => a.Labels.CompareTo(b.Labels));
        got.Sort((a, b) => a.Labels.CompareTo(b.Labels));
        bool equal = expected.Count == got.Count;
        for (int i = 0; equal && i < expected.Count; i++)
        {
            equal = expected[i].Labels.Equals(got[i].Labels) && SameValue(expected[i].Value, got[i].Value);
        }
        if (equal)
        {
            return null;
        }
        return $"{head},\n        exp: {Render(expected)}\n        got: {Render(got)}";
    }

    private static bool SameValue(double a, double b) =>
        a.Equals(b) || (double.IsNaN(a) && double.IsNaN(b));

    private static string Render(List<(LabelSet Labels, double Value)> samples) =>
        samples.Count == 0 ? "nil" : string.Join(", ", samples.Select(s => RuleUnitTestRunner.Format(s.Labels, s.Value)));
}

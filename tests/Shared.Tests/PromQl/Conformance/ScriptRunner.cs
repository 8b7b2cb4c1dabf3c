using System.Text.RegularExpressions;
using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl;
using Aggregator.Shared.PromQl.Ast;
using Aggregator.Shared.PromQl.Evaluation;

namespace Aggregator.Shared.Tests.PromQl.Conformance;

/// <summary>Runs a PromQL test script against our engine, case by case.</summary>
internal sealed class ScriptRunner
{
    private readonly InMemorySeriesSource _store = new();
    private readonly List<LabelSet> _nativeSeries = [];
    private readonly string _file;
    private string? _loadError;

    public ScriptRunner(string file)
    {
        _file = file;
    }

    public List<CaseResult> Run(IEnumerable<ScriptCommand> commands)
    {
        var results = new List<CaseResult>();
        foreach (var command in commands)
        {
            switch (command)
            {
                case LoadCommand load:
                    Load(load);
                    break;
                case ClearCommand:
                    _store.Clear();
                    _nativeSeries.Clear();
                    _loadError = null;
                    break;
                case EvalCommand eval:
                    results.Add(RunEval(eval));
                    break;
            }
        }
        return results;
    }

    private void Load(LoadCommand load)
    {
        foreach (var (_, text) in load.Series)
        {
            if (text.Contains("{{", StringComparison.Ordinal))
            {
                _nativeSeries.Add(SeriesDescription.ParseLabelsOnly(text));
                continue;
            }
            SeriesDescription series;
            try
            {
                series = SeriesDescription.Parse(text);
            }
            catch (FormatException e)
            {
                _loadError ??= $"load line not supported ({e.Message}): {text}";
                continue;
            }
            if (load.WithNhcb && series.Labels.MetricName.EndsWith("_bucket", StringComparison.Ordinal))
            {
                // Note: load_with_nhcb also stores the histogram as a native (NHCB) series.
                var name = series.Labels.MetricName[..^"_bucket".Length];
                _nativeSeries.Add(series.Labels.Without("le").With("__name__", name));
            }
            for (int i = 0; i < series.Values.Count; i++)
            {
                if (series.Values[i] is double v)
                {
                    _store.Add(series.Labels, i * load.IntervalMs, v);
                }
            }
        }
    }

    private CaseResult Result(EvalCommand eval, CaseStatus status, string reason) =>
        new(_file, eval.Line, eval.Expr, status, reason);

    private CaseResult RunEval(EvalCommand eval)
    {
        if (_loadError is not null)
        {
            return Result(eval, CaseStatus.Skip, _loadError);
        }
        if (eval.Expected.Exists(e => e.Text.Contains("{{", StringComparison.Ordinal)))
        {
            return Result(eval, CaseStatus.Skip, "native histogram result");
        }
        Expr expr;
        try
        {
            expr = PromQlParser.ParseExpr(eval.Expr);
        }
        catch (PromQlParseException e)
        {
            return eval.ExpectFail ? CheckFailMessage(eval, e.Message) : Result(eval, CaseStatus.Fail, "parse error: " + e.Message);
        }
        if (SupportCheck.Find(expr) is { } unsupported)
        {
            return Result(eval, CaseStatus.Skip, "not supported: " + unsupported);
        }
        if (TouchesNative(expr))
        {
            return Result(eval, CaseStatus.Skip, "native histogram input");
        }
        var evaluator = new PromQlEvaluator(_store);
        try
        {
            var failure = eval.IsRange ? CompareRange(eval, evaluator.EvaluateRange(expr, eval.Start, eval.End, eval.Step))
                : CompareInstant(eval, evaluator.Evaluate(expr, eval.Time));
            if (eval.ExpectFail)
            {
                return Result(eval, CaseStatus.Fail, "expected an error, got a result");
            }
            return failure is null ? Result(eval, CaseStatus.Pass, string.Empty) : Result(eval, CaseStatus.Fail, failure);
        }
        catch (PromQlEvaluationException e)
        {
            return eval.ExpectFail ? CheckFailMessage(eval, e.Message) : Result(eval, CaseStatus.Fail, "error: " + e.Message);
        }
    }

    private CaseResult CheckFailMessage(EvalCommand eval, string message)
    {
        if (eval.FailMessage is { } expected && !message.Contains(expected, StringComparison.Ordinal))
        {
            return Result(eval, CaseStatus.Fail, $"error message {message} does not contain {expected}");
        }
        if (eval.FailRegex is { } regex && !Regex.IsMatch(message, regex))
        {
            return Result(eval, CaseStatus.Fail, $"error message {message} does not match {regex}");
        }
        return Result(eval, CaseStatus.Pass, string.Empty);
    }

    private bool TouchesNative(Expr expr)
    {
        if (_nativeSeries.Count == 0)
        {
            return false;
        }
        foreach (var vs in Selectors(expr))
        {
            foreach (var series in _nativeSeries)
            {
                if (vs.Matchers.All(m => m.Matches(series)))
                {
                    return true;
                }
            }
        }
        return false;
    }

    internal static IEnumerable<VectorSelector> Selectors(Expr expr)
    {
        switch (expr)
        {
            case VectorSelector vs:
                yield return vs;
                break;
            case MatrixSelector ms:
                yield return ms.Selector;
                break;
            default:
                foreach (var child in Children(expr))
                {
                    foreach (var s in Selectors(child))
                    {
                        yield return s;
                    }
                }
                break;
        }
    }

    private static IEnumerable<Expr> Children(Expr expr) => expr switch
    {
        ParenExpr p => [p.Inner],
        UnaryExpr u => [u.Inner],
        SubqueryExpr s => [s.Inner],
        BinaryExpr b => [b.Lhs, b.Rhs],
        AggregateExpr a => a.Param is null ? [a.Inner] : [a.Param, a.Inner],
        Call c => c.Args,
        _ => [],
    };

    private static string? CompareInstant(EvalCommand eval, PromValue value)
    {
        if (eval.ExpectString is { } str)
        {
            return value is StringValue s && s.Value == str ? null : $"expected string {str}";
        }
        if (eval.ExpectRangeVector is { } rv)
        {
            if (value is not MatrixValue m)
            {
                return "expected a range vector";
            }
            var got = m.Series.Select(s => new RangeSeries(s.EffectiveLabels, s.Samples)).ToList();
            return CompareSeries(eval, got, rv.Start, rv.End, rv.Step);
        }
        var expected = eval.Expected;
        if (value is ScalarValue scalar)
        {
            if (expected.Count != 1 || !double.TryParse(expected[0].Text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) && !IsSpecialNumber(expected[0].Text))
            {
                return $"got scalar {scalar.Value}, expected {expected.Count} vector elements";
            }
            var values = new List<double?>();
            SeriesDescription.ExpandToken(expected[0].Text, values);
            return Equal(values[0]!.Value, scalar.Value) ? null : $"expected scalar {values[0]}, got {scalar.Value}";
        }
        if (value is not VectorValue vector)
        {
            return "unexpected result type " + value.GetType().Name;
        }
        var want = new List<(LabelSet Labels, double Value)>();
        foreach (var (_, text) in expected)
        {
            var d = SeriesDescription.Parse(text);
            if (d.Values.Count != 1 || d.Values[0] is null)
            {
                return $"bad expectation line: {text}";
            }
            want.Add((d.Labels, d.Values[0]!.Value));
        }
        var got2 = vector.Samples;
        if (want.Count != got2.Count)
        {
            return $"expected {want.Count} elements, got {got2.Count}: {string.Join(", ", got2.Take(5).Select(s => s.Labels + "=" + s.Value))}";
        }
        if (eval.Ordered)
        {
            for (int i = 0; i < want.Count; i++)
            {
                if (!want[i].Labels.Equals(got2[i].Labels) || !Equal(want[i].Value, got2[i].Value))
                {
                    return $"ordered element {i}: expected {want[i].Labels} {want[i].Value}, got {got2[i].Labels} {got2[i].Value}";
                }
            }
            return null;
        }
        var byLabels = new Dictionary<LabelSet, double>();
        foreach (var s in got2)
        {
            if (!byLabels.TryAdd(s.Labels, s.Value))
            {
                return "duplicate result labels " + s.Labels;
            }
        }
        foreach (var (labels, v) in want)
        {
            if (!byLabels.TryGetValue(labels, out var actual))
            {
                return $"missing {labels}; got {string.Join(", ", got2.Take(5).Select(s => s.Labels + "=" + s.Value))}";
            }
            if (!Equal(v, actual))
            {
                return $"{labels}: expected {v}, got {actual}";
            }
        }
        return null;
    }

    private static bool IsSpecialNumber(string text) =>
        text.TrimStart('+', '-').Equals("Inf", StringComparison.OrdinalIgnoreCase) || text.Equals("NaN", StringComparison.OrdinalIgnoreCase);

    private static string? CompareRange(EvalCommand eval, List<RangeSeries> got) =>
        CompareSeries(eval, got, eval.Start, eval.End, eval.Step);

    private static string? CompareSeries(EvalCommand eval, List<RangeSeries> got, long start, long end, long step)
    {
        var want = new Dictionary<LabelSet, List<Sample>>();
        foreach (var (_, text) in eval.Expected)
        {
            var d = SeriesDescription.Parse(text);
            var samples = new List<Sample>();
            for (int i = 0; i < d.Values.Count; i++)
            {
                if (d.Values[i] is double v)
                {
                    samples.Add(new Sample(start + (i * step), v));
                }
            }
            want[d.Labels] = samples;
        }
        var gotMap = got.Where(s => s.Samples.Length > 0).ToDictionary(s => s.Labels, s => s.Samples.ToArray());
        if (gotMap.Count != want.Count)
        {
            return $"expected {want.Count} series, got {gotMap.Count}: {string.Join(", ", gotMap.Keys.Take(5))}";
        }
        foreach (var (labels, samples) in want)
        {
            if (!gotMap.TryGetValue(labels, out var actual))
            {
                return $"missing series {labels}";
            }
            if (actual.Length != samples.Count)
            {
                return $"{labels}: expected {samples.Count} points, got {actual.Length} ({string.Join(" ", actual.Select(a => a.TimestampMs / 1000 + "s=" + a.Value))})";
            }
            for (int i = 0; i < samples.Count; i++)
            {
                if (samples[i].TimestampMs != actual[i].TimestampMs || !Equal(samples[i].Value, actual[i].Value))
                {
                    return $"{labels}: point {i} expected {samples[i]}, got {actual[i]}";
                }
            }
        }
        return null;
    }

    /// <summary>The test framework's comparison: NaN = NaN, stale = stale, else relative 1e-6.</summary>
    internal static bool Equal(double expected, double actual)
    {
        if (StaleMarker.IsStale(expected) || StaleMarker.IsStale(actual))
        {
            return StaleMarker.IsStale(expected) && StaleMarker.IsStale(actual);
        }
        if (double.IsNaN(expected) || double.IsNaN(actual))
        {
            return double.IsNaN(expected) && double.IsNaN(actual);
        }
        if (expected == actual)
        {
            return true;
        }
        double absSum = Math.Abs(expected) + Math.Abs(actual);
        double diff = Math.Abs(expected - actual);
        if (expected == 0 || actual == 0 || absSum < 2.2250738585072014E-308)
        {
            return diff < 1e-6 * 2.2250738585072014E-308;
        }
        return diff / Math.Min(absSum, double.MaxValue) < 1e-6;
    }
}

using System.Globalization;
using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Aggregator.Shared.Rules;

/// <summary>
/// promtool's rule unit tests (<c>rule_files</c>, <c>evaluation_interval</c>, <c>group_eval_order</c>,
/// <c>tests</c> with <c>input_series</c> and <c>promql_expr_test</c>) run by our engine, with
/// promtool's output shape. <c>alert_rule_test</c> cases are reported as skipped.
/// </summary>
public static class RuleUnitTestRunner
{
    /// <summary>Runs every file; returns 0 when all pass, 1 otherwise (promtool's exit codes).</summary>
    public static int Run(IEnumerable<string> files, TextWriter stdout, TextWriter stderr)
    {
        bool failed = false;
        foreach (var file in files)
        {
            stdout.WriteLine("Unit Testing:  " + file);
            var (errors, warnings) = RunFile(file);
            foreach (var w in warnings.Distinct())
            {
                stderr.WriteLine("  WARNING: " + w);
            }
            if (errors.Count > 0)
            {
                stderr.WriteLine("  FAILED:");
                foreach (var e in errors)
                {
                    stderr.WriteLine(e);
                    stdout.WriteLine();
                }
                failed = true;
            }
            else
            {
                stdout.WriteLine("  SUCCESS");
            }
            stdout.WriteLine();
        }
        return failed ? 1 : 0;
    }

    internal static (List<string> Errors, List<string> Warnings) RunFile(string file)
    {
        var warnings = new List<string>();
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            root = stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode m ? m : new YamlMappingNode();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlException)
        {
            return ([e is YamlException y ? $"{y.Start.Line}:{y.Start.Column}: yaml: {y.InnerException?.Message ?? y.Message}" : e.Message], warnings);
        }
        var errors = new List<string>();
        Strict(root, ["rule_files", "evaluation_interval", "group_eval_order", "tests", "fuzzy_compare"], "main.unitTestFile", errors);
        if (errors.Count > 0)
        {
            return (errors, warnings);
        }
        long evalInterval = 60_000;
        if (RuleFileLoader.Scalar(root, "evaluation_interval") is { } ei && !PromDuration.TryParse(ei, out evalInterval))
        {
            return ([$"invalid evaluation_interval {ei}"], warnings);
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";
        var ruleFiles = new List<string>();
        foreach (var pattern in Strings(root, "rule_files"))
        {
            var full = Path.IsPathRooted(pattern) ? pattern : Path.Combine(dir, pattern);
            var matches = Glob(full);
            if (matches.Count == 0)
            {
                warnings.Add("no file match pattern " + full);
            }
            ruleFiles.AddRange(matches);
        }
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var g in Strings(root, "group_eval_order"))
        {
            if (!order.TryAdd(g, order.Count))
            {
                return ([$"group name repeated in evaluation order: {g}"], warnings);
            }
        }
        if (root.Children.TryGetValue(new YamlScalarNode("tests"), out var testsNode) && testsNode is YamlSequenceNode tests)
        {
            foreach (var test in tests.OfType<YamlMappingNode>())
            {
                errors.AddRange(RuleTestGroup.Run(test, evalInterval, order, ruleFiles, dir, warnings));
            }
        }
        return (errors, warnings);
    }

    internal static void Strict(YamlMappingNode map, string[] allowed, string type, List<string> errors)
    {
        foreach (var key in map.Children.Keys)
        {
            var k = ((YamlScalarNode)key).Value;
            if (!allowed.Contains(k))
            {
                errors.Add($"yaml: unmarshal errors:\n  line {key.Start.Line}: field {k} not found in type {type}");
            }
        }
    }

    internal static List<string> Strings(YamlMappingNode map, string key)
    {
        var list = new List<string>();
        if (map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlSequenceNode seq)
        {
            foreach (var item in seq.OfType<YamlScalarNode>())
            {
                list.Add(item.Value ?? string.Empty);
            }
        }
        return list;
    }

    private static List<string> Glob(string pattern)
    {
        var directory = Path.GetDirectoryName(pattern) ?? ".";
        var name = Path.GetFileName(pattern);
        if (name.IndexOfAny(['*', '?', '[']) < 0)
        {
            return File.Exists(pattern) ? [pattern] : [];
        }
        return Directory.Exists(directory) ? [.. Directory.GetFiles(directory, name).Order(StringComparer.Ordinal)] : [];
    }

    /// <summary>Duration as Go's model.Duration prints it (<c>1m</c>, <c>0s</c>, <c>1h30m</c>).</summary>
    internal static string FormatDuration(long ms) => PromQl.Ast.Modifiers.Duration(ms);

    internal static string Quote(string s) => GoQuote.Quote(s);

    internal static string Format(LabelSet labels, double value) =>
        labels + " " + GoFloat.FormatE(value);

    internal static double ParseValue(string text) =>
        PromDuration.TryParseNumber(text, out double v) ? v : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Aggregator.Shared.PromQl;
using Aggregator.Shared.Rules;
using Aggregator.Tests.Common;
using YamlDotNet.RepresentationModel;

namespace Aggregator.Hosts.Tests.Deploy;

/// <summary>
/// The shipped Grafana dashboard and alert rules (deploy/helm/aggregator/files, linked from deploy/grafana and
/// deploy/alerts): every expression parses in promtool and in our own PromQL parser, and every
/// <c>aggregator_*</c> metric they read is one the code registers.
/// </summary>
public class MonitoringFilesTests
{
    private static readonly string Files = Path.Combine(RepoPaths.Root, "deploy", "helm", "aggregator", "files");
    private static readonly string Dashboard = Path.Combine(Files, "aggregator-tree.json");
    private static readonly string Alerts = Path.Combine(Files, "aggregator.rules.yml");

    /// <summary>Every <c>expr</c> of every panel target, wherever it sits in the dashboard.</summary>
    private static List<string> DashboardExpressions()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Dashboard));
        var found = new List<string>();
        void Walk(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        if (property.Name == "expr" && property.Value.ValueKind == JsonValueKind.String)
                        {
                            found.Add(property.Value.GetString()!);
                        }
                        Walk(property.Value);
                    }
                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Walk(item);
                    }
                    break;
            }
        }
        Walk(json.RootElement);
        return found;
    }

    private static List<(string Alert, string Expr)> AlertExpressions()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Alerts))
        {
            yaml.Load(reader);
        }
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return ((YamlSequenceNode)root["groups"])
            .SelectMany(group => (YamlSequenceNode)((YamlMappingNode)group)["rules"])
            .Cast<YamlMappingNode>()
            .Select(rule => (((YamlScalarNode)rule["alert"]).Value!, ((YamlScalarNode)rule["expr"]).Value!))
            .ToList();
    }

    [Fact]
    public void Dashboard_EveryExpression_ParsesWithOurPromQlParser()
    {
        var expressions = DashboardExpressions();
        Assert.True(expressions.Count >= 20, $"only {expressions.Count} expressions found");
        var failures = expressions.Select(Failure).Where(f => f is not null).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Alerts_EveryRule_LoadsAndParsesWithOurRuleLoader()
    {
        var alerts = AlertExpressions();
        var result = RuleFileLoader.LoadFiles([Alerts]);

        Assert.True(result.Success, string.Join("\n", result.Errors));
        Assert.Equal(alerts.Select(a => a.Alert), result.Groups.SelectMany(g => g.SkippedAlerts));
        var failures = alerts.Select(a => Failure(a.Expr)).Where(f => f is not null).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Contains(alerts, a => a.Alert == "AggregatorSiteNotSeen");
        Assert.Contains(alerts, a => a.Alert == "AggregatorForwardQueueNearBound");
        Assert.Contains(alerts, a => a.Alert == "AggregatorForwardQueueOverflow");
        Assert.Contains(alerts, a => a.Alert == "AggregatorRingMemberDown");
    }

    [Fact]
    public async Task Alerts_PromtoolCheckRules_FindsNoProblem()
    {
        var (exit, output) = await PrometheusTools.PromtoolAsync(["check", "rules", Alerts]);
        Assert.True(exit == 0, output);
        Assert.Contains($"SUCCESS: {AlertExpressions().Count} rules found", output);
    }

    [Fact]
    public async Task Dashboard_EveryExpression_ParsesInPromtool()
    {
        // Note: promtool parses expressions only inside rule files, so each becomes a recording rule.
        var expressions = DashboardExpressions();
        var file = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < expressions.Count; i++)
        {
            file.Append(CultureInfo.InvariantCulture, $"      - record: dashboard:expr_{i}\n        expr: {JsonSerializer.Serialize(expressions[i])}\n");
        }
        var path = Path.Combine(Directory.CreateTempSubdirectory("dashboard-rules-").FullName, "dashboard.rules.yml");
        await File.WriteAllTextAsync(path, file.ToString());

        var (exit, output) = await PrometheusTools.PromtoolAsync(["check", "rules", path]);

        Assert.True(exit == 0, output);
        Assert.Contains($"SUCCESS: {expressions.Count} rules found", output);
    }

    [Fact]
    public void Expressions_AggregatorMetrics_AreRegisteredByTheCode()
    {
        var source = string.Join("\n", Directory.GetFiles(Path.Combine(RepoPaths.Root, "src"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));
        var names = DashboardExpressions().Concat(AlertExpressions().Select(a => a.Expr))
            .SelectMany(e => RuleSelectors.SelectorsOf(PromQlParser.ParseExpr(e)))
            .Select(s => s.Name)
            .OfType<string>()
            .Where(n => n.StartsWith("aggregator_", StringComparison.Ordinal))
            .Distinct()
            .ToList();

        Assert.True(names.Count >= 15, string.Join(", ", names));
        Assert.All(names, name => Assert.Contains($"\"{name}\"", source, StringComparison.Ordinal));
    }

    [Fact]
    public void DeployLinks_ShowTheChartsFiles()
    {
        Assert.Equal(File.ReadAllText(Dashboard), File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "grafana", "aggregator-tree.json")));
        Assert.Equal(File.ReadAllText(Alerts), File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "alerts", "aggregator.rules.yml")));
    }

    private static string? Failure(string expr)
    {
        try
        {
            PromQlParser.ParseExpr(expr);
            return null;
        }
        catch (PromQlParseException e)
        {
            return $"{expr}: {e.Message}";
        }
    }
}

using Aggregator.Shared.Rules;
using Aggregator.Tests.Common;

namespace Aggregator.Shared.Tests.Rules;

public class RuleFileLoaderTests
{
    private static string Fixture(string name) => Path.Combine(RepoPaths.Conformance, "rules", "fixtures", name);

    [ConformanceTheory]
    [InlineData("rules.yaml")]
    [InlineData("rules_chain.yaml")]
    [InlineData("rules_multiple_groups.yaml")]
    [InlineData("rules_dependencies.yaml")]
    public void LoadFiles_ValidFixture_LoadsGroupsWithoutErrors(string name)
    {
        var result = RuleFileLoader.LoadFiles([Fixture(name)]);
        Assert.True(result.Success, string.Join("\n", result.Errors));
        Assert.NotEmpty(result.Groups);
        Assert.All(result.Groups, g => Assert.NotEmpty(g.Rules));
    }

    [ConformanceFact]
    public void LoadFiles_MultiDocument_ReadsEveryDocument()
    {
        var result = RuleFileLoader.LoadFiles([Fixture("rules_multi_doc.yaml")]);
        Assert.True(result.Success, string.Join("\n", result.Errors));
        Assert.Equal("multi_doc", Assert.Single(result.Groups).Name);
    }

    [ConformanceFact]
    public void LoadFiles_UnknownRuleField_NamesFileGroupRuleAndPosition()
    {
        var result = RuleFileLoader.LoadFiles([Fixture("invalid_rules.yaml")]);
        var error = Assert.Single(result.Errors);
        Assert.Contains("invalid_rules.yaml: 6:9: group \"invalid\", rule 1: field unexpected_field not found", error);
    }

    [Fact]
    public void Parse_AlertingRule_IsSkippedWithWarningNamingIt()
    {
        var result = RuleFileLoader.Parse("""
            groups:
              - name: g
                rules:
                  - alert: HighLoad
                    expr: up == 0
                  - record: job:up:sum
                    expr: sum by (job) (up)
            """, "r.yml");
        Assert.True(result.Success);
        var group = Assert.Single(result.Groups);
        Assert.Equal("job:up:sum", Assert.Single(group.Rules).Record);
        Assert.Equal(["HighLoad"], group.SkippedAlerts);
        Assert.Contains("\"HighLoad\"", Assert.Single(result.Warnings));
    }

    [Fact]
    public void Parse_EveryProblem_IsReportedAtOnceWithPositions()
    {
        var result = RuleFileLoader.Parse("""
            groups:
              - name: g
                interval: nope
                rules:
                  - record: x
                    expr: 'sum(up'
                  - record: "bad name"
                    expr: up
                  - expr: up
                  - record: y
                    expr: holt_winters(up[5m], 0.5, 0.5)
              - name: g
                rules: []
            """, "r.yml");
        Assert.False(result.Success);
        Assert.Contains(result.Errors, e => e.StartsWith("r.yml: 3:15: group \"g\": invalid interval", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("r.yml: 6:15: group \"g\", rule 1, \"x\": could not parse expression: 1:4: parse error: unclosed left parenthesis", StringComparison.Ordinal) || e.Contains("could not parse expression: 1:7"));
        Assert.Contains(result.Errors, e => e.Contains("rule 2, \"bad name\": invalid recording rule name: bad name"));
        Assert.Contains(result.Errors, e => e.Contains("rule 3, \"\": one of 'record' or 'alert' must be set"));
        Assert.Contains(result.Errors, e => e.Contains("rule 4, \"y\": not supported: holt_winters"));
        Assert.Contains(result.Errors, e => e.Contains("groupname: \"g\" is repeated in the same file"));
    }

    [Fact]
    public void Parse_BadYaml_ReportsLineAndColumn()
    {
        var result = RuleFileLoader.Parse("groups:\n  - name: [unclosed\n", "r.yml");
        Assert.StartsWith("r.yml: ", Assert.Single(result.Errors));
    }
}

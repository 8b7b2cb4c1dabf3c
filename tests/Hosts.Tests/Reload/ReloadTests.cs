using System.Net;
using System.Text.Json;
using Aggregator.Tests.Common;
using Microsoft.AspNetCore.Builder;

namespace Aggregator.Hosts.Tests.Reload;

/// <summary>
/// <c>POST /-/reload</c> on a running site Node whose topology and rule file are on disk: a good change
/// applies (new rules evaluated, a changed source polled at its new address), a bad one is refused with
/// its errors while the old configuration keeps running, and the reload gauges say which happened.
/// </summary>
public sealed class ReloadTests : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reload-").FullName;
    private readonly int _port = FreeTcpPort.Next();
    private readonly HttpClient _http = new();
    private readonly List<IAsyncDisposable> _servers = [];
    private WebApplication? _node;

    private Uri Node => new($"http://127.0.0.1:{_port}/");

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.StopAsync();
            await _node.DisposeAsync();
        }
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
        _http.Dispose();
    }

    private string Topology(string sources = "", string extra = "", int? port = null) => $$"""
        aggregator {
          rings { global { members = [agg-0] } }
          nodes {
            agg-0 { role = aggregator, ring = global, url = "http://127.0.0.1:1" }
            dc1 { role = node, parent = global, url = "http://127.0.0.1:{{port ?? _port}}", rule-files = ["site.yml"], sources = [{{sources}}] {{extra}} }
          }
        }
        """;

    private static string Rules(string record, string expr) => $"""
        groups:
          - name: marker
            interval: 200ms
            rules:
              - record: {record}
                expr: {expr}
        """;

    private void Write(string topology, string rules)
    {
        File.WriteAllText(Path.Combine(_dir, "topology.hocon"), topology);
        File.WriteAllText(Path.Combine(_dir, "site.yml"), rules);
    }

    private async Task StartAsync(string topology, string rules)
    {
        Write(topology, rules);
        _node = await TierHosts.StartAsync(TierHosts.Load(_dir, topology), "dc1", Path.Combine(_dir, "data"));
    }

    private async Task<(HttpStatusCode Code, string Body)> ReloadAsync()
    {
        using var response = await _http.PostAsync(new Uri(Node, "-/reload"), null);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private Task<string> FederateAsync(string metric, Func<string, bool> done) =>
        TierHosts.PollAsync(_http, $"{Node}federate?match[]={metric}", done);

    [Fact]
    public async Task Reload_RuleFileChanged_NewRuleIsEvaluatedAndGaugesSaySuccess()
    {
        await StartAsync(Topology(), Rules("reload:marker", "vector(1)"));
        Assert.Matches("(?m)^reload:marker\\{.*site=\"dc1\".*\\} 1( \\d+)?$", await FederateAsync("reload:marker", b => b.Contains("reload:marker{")));
        var started = await _http.GetStringAsync(new Uri(Node, "metrics"));
        Assert.Contains("aggregator_config_last_reload_successful 1\n", started);

        File.WriteAllText(Path.Combine(_dir, "site.yml"), Rules("reload:changed", "vector(2)"));
        var (code, body) = await ReloadAsync();

        Assert.True(code == HttpStatusCode.OK, body);
        Assert.Matches("(?m)^reload:changed\\{.*site=\"dc1\".*\\} 2( \\d+)?$", await FederateAsync("reload:changed", b => b.Contains("reload:changed{")));
        var metrics = await _http.GetStringAsync(new Uri(Node, "metrics"));
        Assert.Contains("aggregator_config_last_reload_successful 1\n", metrics);
        Assert.Contains("aggregator_config_reload_failures_total 0\n", metrics);
    }

    [Fact]
    public async Task Reload_InvalidRuleFile_RefusedWithErrorsOldRulesStillEvaluatedGaugeZero()
    {
        await StartAsync(Topology(), Rules("reload:marker", "vector(1)"));
        await FederateAsync("reload:marker", b => b.Contains("reload:marker{"));

        File.WriteAllText(Path.Combine(_dir, "site.yml"), Rules("reload:broken", "sum(("));
        var (code, body) = await ReloadAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, code);
        Assert.Contains("site.yml", body);
        Assert.Contains("reload:broken", body);
        var metrics = await _http.GetStringAsync(new Uri(Node, "metrics"));
        Assert.Contains("aggregator_config_last_reload_successful 0\n", metrics);
        Assert.Contains("aggregator_config_reload_failures_total 1\n", metrics);
        double evaluations = Evaluations(metrics);
        var later = await TierHosts.PollAsync(_http, $"{Node}metrics", m => Evaluations(m) > evaluations);
        Assert.True(Evaluations(later) > evaluations, "the old rule group stopped evaluating");
        Assert.DoesNotContain("reload:broken", await _http.GetStringAsync(new Uri(Node, "federate?match[]={__name__=~\"reload:.*\"}")));
        using var status = JsonDocument.Parse(await _http.GetStringAsync(new Uri(Node, "api/v1/status")));
        var reload = status.RootElement.GetProperty("data").GetProperty("reload");
        Assert.False(reload.GetProperty("successful").GetBoolean());
        Assert.Contains(reload.GetProperty("errors").EnumerateArray(), e => e.GetString()!.Contains("site.yml", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reload_InvalidTopology_RefusedWithFileLineAndColumn()
    {
        await StartAsync(Topology(), Rules("reload:marker", "vector(1)"));

        File.WriteAllText(Path.Combine(_dir, "topology.hocon"), Topology(extra: ", lookback = banana"));
        var (code, body) = await ReloadAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, code);
        Assert.Matches("topology\\.hocon:\\d+:\\d+", body);
        Assert.Contains("aggregator_config_last_reload_successful 0\n", await _http.GetStringAsync(new Uri(Node, "metrics")));
    }

    [Fact]
    public async Task Reload_ListenAddressChanged_RefusedAsNeedingARestart()
    {
        await StartAsync(Topology(), Rules("reload:marker", "vector(1)"));

        File.WriteAllText(Path.Combine(_dir, "topology.hocon"), Topology(port: FreeTcpPort.Next()));
        var (code, body) = await ReloadAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, code);
        Assert.Contains("url changed", body);
        Assert.Contains("needs a restart", body);
    }

    [Fact]
    public async Task Reload_SourceMovedToAnotherAddress_IsPolledThereWithTheNewSettings()
    {
        int oldPolls = 0, newPolls = 0;
        var before = await LoopbackHttpServer.StartAsync(ctx => { Interlocked.Increment(ref oldPolls); return Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(ctx.Response, ""); });
        var after = await LoopbackHttpServer.StartAsync(ctx => { Interlocked.Increment(ref newPolls); return Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(ctx.Response, ""); });
        _servers.Add(before);
        _servers.Add(after);
        string Source(Uri url) => $$"""{ name = src, urls = ["{{url}}"], interval = 200ms, timeout = 200ms }""";
        await StartAsync(Topology(Source(before.Url)), Rules("reload:marker", "vector(1)"));
        await TierHosts.PollAsync(_http, $"{Node}api/v1/status", _ => Volatile.Read(ref oldPolls) > 0);

        File.WriteAllText(Path.Combine(_dir, "topology.hocon"), Topology(Source(after.Url)));
        var (code, body) = await ReloadAsync();

        Assert.True(code == HttpStatusCode.OK, body);
        await TierHosts.PollAsync(_http, $"{Node}api/v1/status", _ => Volatile.Read(ref newPolls) > 0);
        Assert.True(newPolls > 0, "the moved source was never polled at its new address");
        int oldAfterReload = Volatile.Read(ref oldPolls);
        await TierHosts.PollAsync(_http, $"{Node}api/v1/status", _ => Volatile.Read(ref newPolls) > 3);
        Assert.InRange(Volatile.Read(ref oldPolls), oldAfterReload, oldAfterReload + 1);
        using var status = JsonDocument.Parse(await _http.GetStringAsync(new Uri(Node, "api/v1/status")));
        Assert.Equal(after.Url.ToString(), status.RootElement.GetProperty("data").GetProperty("sources")[0].GetProperty("activeReplica").GetString());
    }

    private static double Evaluations(string metrics) =>
        metrics.Split('\n').Where(l => l.StartsWith("aggregator_rule_group_evaluations_total{rule_group=\"marker\"} ", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
}

using System.Globalization;
using System.Text.Json;
using Aggregator.Shared.Synthetic;
using Aggregator.Tests.Common;
using static Aggregator.Integration.Tests.Tiers.SiteResults;

namespace Aggregator.Integration.Tests.Tiers;

/// <summary>
/// The global ring as operators run it: each member its own <c>Aggregator.dll</c> process (so a kill is a
/// real <c>kill -9</c>: no leave, no drain), two sites beside real Prometheus 2.42 servers that record the
/// same job-level rules as their Nodes over frozen targets, so every value is constant and compared
/// exactly. Four members are in the topology; agg-3 starts only after agg-0 was killed, and ends by
/// SIGTERM (a graceful leave). Short failure
/// detection and split-brain settings through the ring's <c>akka { }</c> block keep the test short.
/// </summary>
public sealed class RingProcessTests
{
    private const string JobAndGlobal = "{__name__=~\"job:.*|global:.*\"}";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task KillOneMemberThenStartALateOne_EveryRunningMember_ServesEachSitesExactResultsAndTheGlobalSum()
    {
        await using var prometheus = await TwoSitePrometheus.StartAsync("ring-process-", SiteRules,
            new SyntheticSourceOptions { Seed = 11, Job = "api", Instances = 3 }, new SyntheticSourceOptions { Seed = 12, Job = "api", Instances = 2 });
        var (dir, promA, promB) = (prometheus.Dir, prometheus.A, prometheus.B);
        File.WriteAllText(Path.Combine(dir, "global.yml"), GlobalRules);

        var members = Enumerable.Range(0, 4).Select(i => $"agg-{i}").ToArray();
        var memberLines = string.Join("\n", members.Select(m =>
            $"    {m} {{ role = aggregator, ring = global, url = \"http://127.0.0.1:{FreeTcpPort.Next()}\", cluster-port = {FreeTcpPort.Next()} }}"));
        var text = $$"""
            aggregator {
              rings {
                global {
                  members = [{{string.Join(", ", members)}}]
                  rule-files = ["global.yml"]
                  akka.cluster {
                    split-brain-resolver.stable-after = 2s
                    failure-detector { heartbeat-interval = 500ms, acceptable-heartbeat-pause = 2s }
                  }
                }
              }
              nodes {
            {{memberLines}}
                dc1 { role = node, parent = global, url = "http://127.0.0.1:{{FreeTcpPort.Next()}}", rule-files = ["site.yml"], sources = [{{Source(promA)}}] }
                dc2 { role = node, parent = global, url = "http://127.0.0.1:{{FreeTcpPort.Next()}}", rule-files = ["site.yml"], sources = [{{Source(promB)}}] }
              }
            }
            """;
        var configPath = Path.Combine(dir, "topology.hocon");
        File.WriteAllText(configPath, text);
        var topology = TierHosts.Load(dir, text);
        var data = Path.Combine(dir, "data");
        Uri UrlOf(string member) => topology.FindNode(member)!.Url;

        var running = new Dictionary<string, OwnProcess>(StringComparer.Ordinal);
        try
        {
            // Note: all three at once, as a StatefulSet starts them; agg-0, the first seed, forms the cluster.
            foreach (var started in await Task.WhenAll(members[..3].Select(m => OwnProcess.StartAsync(OwnProcess.Aggregator, configPath, m, new Uri(UrlOf(m), "-/ready"), data))))
            {
                running[started.NodeName] = started;
            }
            await using var dc1 = await TierHosts.StartAsync(topology, "dc1", data);
            await using var dc2 = await TierHosts.StartAsync(topology, "dc2", data);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

            var expected = await ExpectedAsync(promA, promB);
            foreach (var member in running.Keys)
            {
                await AssertCompleteAsync(http, UrlOf(member), expected, running[member]);
            }

            // kill -9 the oldest member (the first seed, host of the shard coordinator): the others keep the whole view.
            await running["agg-0"].KillAsync();
            long killedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            foreach (var survivor in new[] { "agg-1", "agg-2" })
            {
                await AssertCompleteAsync(http, UrlOf(survivor), expected, running[survivor]);
            }
            // Its site entities move to the survivors (once the split-brain resolver downed it) and take writes again.
            foreach (var survivor in new[] { "agg-1", "agg-2" })
            {
                foreach (var site in new[] { "dc1", "dc2" })
                {
                    var heard = await PrometheusServer.EventuallyAsync(async () => await LastSeenMsAsync(http, UrlOf(survivor), site) > killedAtMs, Deadline);
                    Assert.True(heard, $"{survivor} took no write of {site} after agg-0 was killed:\n{running[survivor].Log}");
                }
                Assert.False(running[survivor].HasExited, $"{survivor} ended after the kill (downed?):\n{running[survivor].Log}");
            }
            // Keep-majority downed the dead member (two of the three that were up), not the survivors; agg-3 never joined.
            var afterKill = new Dictionary<string, string> { ["agg-0"] = "removed", ["agg-1"] = "up", ["agg-2"] = "up", ["agg-3"] = "absent" };
            foreach (var survivor in new[] { "agg-1", "agg-2" })
            {
                await AssertMemberStatesAsync(http, UrlOf(survivor), afterKill, running[survivor]);
            }

            // agg-3, in the topology from the start, joins the two survivors and turns ready holding the whole view.
            running["agg-3"] = await OwnProcess.StartAsync(OwnProcess.Aggregator, configPath, "agg-3", new Uri(UrlOf("agg-3"), "-/ready"), data);
            // Note: agg-3 joined after agg-0 was removed, so it never saw agg-0.
            foreach (var member in new[] { "agg-3", "agg-1", "agg-2" })
            {
                await AssertCompleteAsync(http, UrlOf(member), expected, running[member]);
                var joined = new Dictionary<string, string>(afterKill) { ["agg-3"] = "up", ["agg-0"] = member == "agg-3" ? "absent" : "removed" };
                await AssertMemberStatesAsync(http, UrlOf(member), joined, running[member]);
            }

            // SIGTERM agg-3: it leaves the cluster (the others see it removed, never unreachable) and nothing logs an error.
            var logged = running.ToDictionary(kv => kv.Key, kv => kv.Value.Log.Length);
            Assert.Equal(0, await running["agg-3"].TerminateAsync(TimeSpan.FromSeconds(30)));
            var left = new Dictionary<string, string>(afterKill) { ["agg-3"] = "removed" };
            foreach (var survivor in new[] { "agg-1", "agg-2" })
            {
                await AssertMemberStatesAsync(http, UrlOf(survivor), left, running[survivor]);
            }
            foreach (var member in new[] { "agg-1", "agg-2", "agg-3" })
            {
                var lines = running[member].Log[logged[member]..].Split('\n');
                var errors = lines.Where(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal) || l.Contains("[ERROR]", StringComparison.Ordinal)).ToList();
                Assert.True(errors.Count == 0, $"{member} logged errors on agg-3's SIGTERM:\n{string.Join("\n", errors)}");
                Assert.DoesNotContain(lines, l => l.Contains("as [Unreachable]", StringComparison.Ordinal) || l.Contains("UNREACHABLE", StringComparison.Ordinal));
            }
        }
        finally
        {
            foreach (var process in running.Values)
            {
                await process.DisposeAsync();
            }
        }
    }

    /// <summary>What each site's own Prometheus records (once every rule has a result), and the exact global sum over both.</summary>
    private static async Task<Expected> ExpectedAsync(PrometheusServer promA, PrometheusServer promB)
    {
        var sites = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var (site, prom) in new[] { ("dc1", promA), ("dc2", promB) })
        {
            async Task<Dictionary<string, double>> Own() => FederateText.Parse(await prom.Http.GetStringAsync("federate?match[]=" + Uri.EscapeDataString("{__name__=~\"job:.*\"}")));
            var recorded = await PrometheusServer.EventuallyAsync(async () => SiteRecords.All((await Own()).Keys.Select(k => k[..k.IndexOf('{')]).ToHashSet().Contains), Deadline);
            Assert.True(recorded, $"{site}'s Prometheus did not record every site rule:\n{prom.Log}");
            sites[site] = await Own();
        }
        var global = sites.Values.SelectMany(s => s).Where(kv => kv.Key.StartsWith("job:http_requests:sum{", StringComparison.Ordinal))
            .GroupBy(kv => "global" + kv.Key["job".Length..], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value), StringComparer.Ordinal);
        return new Expected(sites, global);
    }

    /// <summary>
    /// Polls the member's <c>/federate</c> until it holds each site's exact results and the exact global sum (60 s at
    /// most, no timing asserted), then asserts that answer, and that it carries no partial mark.
    /// </summary>
    private static async Task AssertCompleteAsync(HttpClient http, Uri member, Expected expected, OwnProcess process)
    {
        var url = new Uri(member, "federate?match[]=" + Uri.EscapeDataString(JobAndGlobal));
        string body = string.Empty;
        bool partial = false;
        bool Complete(string b) => expected.Sites.All(s => SameVector(s.Value, OfSite(b, s.Key))) && SameVector(expected.Global, Named(b, "global:"));
        await PrometheusServer.EventuallyAsync(async () =>
        {
            try
            {
                using var answer = await http.GetAsync(url);
                partial = answer.Headers.Contains("X-Aggregator-Partial");
                body = await answer.Content.ReadAsStringAsync();
                return answer.IsSuccessStatusCode && Complete(body);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, Deadline);
        Assert.False(partial, $"{member} marked its answer partial");
        foreach (var (site, results) in expected.Sites)
        {
            AssertSameVector(results, OfSite(body, site), $"{site} at {member} ({process.NodeName}; log:\n{process.Log})");
        }
        AssertSameVector(expected.Global, Named(body, "global:"), $"global sum at {member}");
    }

    /// <summary>Polls the member's <c>/api/v1/status</c> until its member rows (from its cluster state) are <paramref name="expected"/>, then asserts them.</summary>
    private static async Task AssertMemberStatesAsync(HttpClient http, Uri member, Dictionary<string, string> expected, OwnProcess process)
    {
        async Task<Dictionary<string, string>> States()
        {
            try
            {
                using var status = JsonDocument.Parse(await http.GetStringAsync(new Uri(member, "api/v1/status")));
                return status.RootElement.GetProperty("data").GetProperty("members").EnumerateArray()
                    .ToDictionary(m => m.GetProperty("id").GetString()!, m => m.TryGetProperty("state", out var s) ? s.GetString()! : "", StringComparer.Ordinal);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return [];
            }
        }
        bool Same(Dictionary<string, string> states) => states.Count == expected.Count && expected.All(kv => states.GetValueOrDefault(kv.Key) == kv.Value);
        await PrometheusServer.EventuallyAsync(async () => Same(await States()), Deadline);
        var states = await States();
        Assert.True(Same(states), $"{process.NodeName} sees members {string.Join(", ", states.Select(kv => $"{kv.Key}={kv.Value}"))}, expected {string.Join(", ", expected.Select(kv => $"{kv.Key}={kv.Value}"))}");
    }

    /// <summary>The member's <c>aggregator_site_last_seen_timestamp_seconds</c> of a site, in ms (0 when absent).</summary>
    private static async Task<long> LastSeenMsAsync(HttpClient http, Uri member, string site)
    {
        try
        {
            var metrics = await http.GetStringAsync(new Uri(member, "metrics"));
            var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith($"aggregator_site_last_seen_timestamp_seconds{{site=\"{site}\"}}", StringComparison.Ordinal));
            return line is null ? 0 : (long)(double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture) * 1000);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    private sealed record Expected(Dictionary<string, Dictionary<string, double>> Sites, Dictionary<string, double> Global);
}

using System.Net;
using System.Text.Json;
using Aggregator.Tests.Common;

namespace Aggregator.Hosts.Tests.StatusPage;

/// <summary><c>/api/v1/status</c> and <c>/</c> of a live tree: what each role shows, and that hostile input stays text.</summary>
public sealed class StatusEndpointTests
{
    private static async Task<JsonElement> StatusAsync(HttpClient http, Uri node, Func<JsonElement, bool> done)
    {
        var body = await TierHosts.PollAsync(http, $"{node}api/v1/status", b => done(JsonDocument.Parse(b).RootElement.GetProperty("data")));
        return JsonDocument.Parse(body).RootElement.GetProperty("data").Clone();
    }

    private static JsonElement Row(JsonElement data, string array, string key, string value) =>
        data.GetProperty(array).EnumerateArray().FirstOrDefault(r => r.GetProperty(key).GetString() == value);

    [Fact]
    public async Task Status_LiveTree_AggregatorShowsSitesAndMembersAndNodeShowsSourcesRulesQueues()
    {
        await using var tree = await StatusTree.StartAsync();
        using var http = new HttpClient();

        var agg = await StatusAsync(http, tree.UrlOf("agg-0"), d =>
            Row(d, "sites", "site", "dc1") is { ValueKind: JsonValueKind.Object } dc1 && dc1.GetProperty("lastSeenSeconds").ValueKind == JsonValueKind.Number
            && dc1.GetProperty("series").ValueKind == JsonValueKind.Number && dc1.GetProperty("sourcesTotal").ValueKind == JsonValueKind.Number
            && dc1.GetProperty("freshness").GetArrayLength() > 0);
        Assert.Equal("aggregator", agg.GetProperty("role").GetString());
        var site = Row(agg, "sites", "site", "dc1");
        Assert.Equal(2, site.GetProperty("sourcesTotal").GetInt32());
        Assert.InRange(site.GetProperty("lastSeenSeconds").GetDouble(), 0, 30);
        Assert.True(site.GetProperty("series").GetInt32() > 0);
        Assert.Equal(JsonValueKind.Object, Row(agg, "sites", "site", "dc2").ValueKind);
        var member = Row(agg, "members", "id", "agg-0");
        Assert.True(member.GetProperty("up").GetBoolean());
        Assert.True(member.GetProperty("self").GetBoolean());
        // Note: a ring member's rows come from its cluster state, so each carries the member's state.
        Assert.Equal("up", member.GetProperty("state").GetString());
        Assert.True(agg.GetProperty("reload").GetProperty("successful").GetBoolean());

        var node = await StatusAsync(http, tree.UrlOf("dc1"), d =>
            Row(d, "sources", "name", "steady") is { ValueKind: JsonValueKind.Object } s && s.GetProperty("up").ValueKind == JsonValueKind.True
            && Row(d, "ruleGroups", "name", "job-level").GetProperty("lastEvaluationMs").ValueKind == JsonValueKind.Number
            && d.GetProperty("forwardQueues").GetArrayLength() == 1);
        Assert.Equal("dc1", node.GetProperty("site").GetString());
        Assert.Equal(["steady", "doomed"], node.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(1, Row(node, "sources", "name", "steady").GetProperty("samples").GetInt32());
        // Note: one forwarder (and queue) per parent ring, shown under the ring's name.
        Assert.Equal("global", node.GetProperty("forwardQueues")[0].GetProperty("member").GetString());
        Assert.Equal(0, Row(node, "ruleGroups", "name", "job-level").GetProperty("errors").GetInt32());
        Assert.Equal(0, node.GetProperty("sites").GetArrayLength());

        await tree.KillSourceAsync("doomed");
        node = await StatusAsync(http, tree.UrlOf("dc1"), d => Row(d, "sources", "name", "doomed").GetProperty("up").ValueKind == JsonValueKind.False);
        Assert.NotEqual("", Row(node, "sources", "name", "doomed").GetProperty("lastError").GetString());
        agg = await StatusAsync(http, tree.UrlOf("agg-0"), d => Row(d, "sites", "site", "dc1").GetProperty("sourcesUp").ValueKind == JsonValueKind.Number
            && Row(d, "sites", "site", "dc1").GetProperty("sourcesUp").GetInt32() == 1);
        Assert.Equal(2, Row(agg, "sites", "site", "dc1").GetProperty("sourcesTotal").GetInt32());
    }

    [Fact]
    public async Task StatusPage_HostileSiteName_StaysEscapedAndCarriesAStrictContentSecurityPolicy()
    {
        await using var tree = await StatusTree.StartAsync();
        using var http = new HttpClient();
        const string hostile = "</script><img src=x onerror=alert(1)>\"'&";
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await TierHosts.PushAsync(http, tree.UrlOf("agg-0"), TierHosts.Series(now, 1, "__name__", "job:x:sum", "job", "a", "site", hostile));

        var status = await StatusAsync(http, tree.UrlOf("agg-0"), d => Row(d, "sites", "site", hostile).ValueKind == JsonValueKind.Object);
        Assert.Equal(JsonValueKind.Number, Row(status, "sites", "site", hostile).GetProperty("lastSeenSeconds").ValueKind);
        var response = await http.GetAsync(tree.UrlOf("agg-0"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<img", page);
        // Note: the data element and the script each close once; the name's own </script> stays inside the JSON string.
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(page, "</script>").Count);
        Assert.Contains("\\u003C/script\\u003E\\u003Cimg", page);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'nonce-", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        // Note: no external assets: nothing is loaded from another origin.
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", page);
    }
}

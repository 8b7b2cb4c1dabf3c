using System.Text;
using System.Text.Json;
using Aggregator.Shared.StatusPage;

namespace Aggregator.Shared.Tests.StatusPage;

public class StatusJsonTests
{
    private static StatusSnapshot Snapshot(string site, double[] freshness) => new(
        "agg-0", "aggregator", null, "global", null, true, [], 1_000,
        [new MemberRow("agg-0", "global", "http://127.0.0.1:1/", true, true)],
        [new SiteRow(site, 2.5, 4, new SiteSources(1, 2), freshness, 15)],
        [], [], [], new ReloadRow(true, 500, []));

    [Fact]
    public void Render_HostileSiteName_NoRawMarkupYetTheSameStringWhenParsed()
    {
        const string hostile = "</script><img src=x onerror=alert(1)>&\"'";

        var bytes = StatusJson.Render(Snapshot(hostile, []));
        var text = Encoding.UTF8.GetString(bytes);

        Assert.DoesNotContain("<", text);
        Assert.DoesNotContain(">", text);
        Assert.DoesNotContain("&", text);
        using var json = JsonDocument.Parse(bytes);
        Assert.Equal(hostile, json.RootElement.GetProperty("data").GetProperty("sites")[0].GetProperty("site").GetString());
    }

    [Fact]
    public void Render_FreshnessWithNaN_WritesNullForSamplesBeforeTheSiteWasHeardFrom()
    {
        using var json = JsonDocument.Parse(StatusJson.Render(Snapshot("dc1", [double.NaN, 1.25, 16.04])));

        var site = json.RootElement.GetProperty("data").GetProperty("sites")[0];
        Assert.Equal("[null,1.2,16]", site.GetProperty("freshness").GetRawText());
        Assert.Equal(2.5, site.GetProperty("lastSeenSeconds").GetDouble());
        Assert.Equal(1, site.GetProperty("sourcesUp").GetInt32());
        Assert.Equal(2, site.GetProperty("sourcesTotal").GetInt32());
    }
}

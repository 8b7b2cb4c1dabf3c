using System.Net;
using Aggregator.Shared.Tiers;
using Aggregator.Shared.Topology;
using Aggregator.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Aggregator.Shared.Tests.Tiers;

public class SiteDrillDownTests
{
    [Fact]
    public async Task Get_SiteNodeNotAnswering_502NamingTheSiteWithoutItsPassword()
    {
        // Note: nothing listens on the site's port, so the proxied request fails before any answer.
        var siteUrl = new Uri($"http://scraper:s3cr3t-pw@127.0.0.1:{FreeTcpPort.Next()}/");
        var topology = new TopologyConfig
        {
            SourceFile = "t.hocon",
            SiteLabel = "site",
            Lookback = TimeSpan.FromMinutes(5),
            Rings = [],
            Nodes = [new NodeConfig { Id = "dc1", Role = NodeRole.Node, Url = siteUrl, Listen = siteUrl, Site = "dc1", RuleFiles = [], Sources = [] }],
            Security = SecurityConfig.None,
        };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();
        using var upstream = new HttpClient();
        SiteDrillDown.Map(app, topology, upstream);
        await app.StartAsync();

        using var response = await app.GetTestClient().GetAsync(new Uri("/sites/dc1/federate?match[]=up", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("site \"dc1\"", body, StringComparison.Ordinal);
        Assert.Contains("scraper", body, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-pw", body, StringComparison.Ordinal);
    }
}

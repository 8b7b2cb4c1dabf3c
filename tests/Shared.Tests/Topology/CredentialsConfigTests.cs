using Aggregator.Shared.Http;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Tests.Topology;

public class CredentialsConfigTests
{
    private static TopologyLoadResult Load(string extra) => TopologyLoader.LoadText($$"""
        aggregator {
          {{extra}}
          rings {
            global { members = [a] }
            eu { members = [e], parent = global }
          }
          nodes {
            a { role = aggregator, ring = global, url = "http://a:1" }
            e { role = aggregator, ring = eu, url = "http://e:1" }
            s { role = node, parent = eu, url = "http://s:1" }
            t { role = node, parent = global, url = "http://t:1", site = tokyo }
          }
        }
        """, "t.hocon", Path.GetTempPath(), _ => null);

    [Fact]
    public void Load_RingAndSiteCredentials_BoundAndScopedToTheSitesUnderTheRing()
    {
        var result = Load("""
            rings.global.credentials.bearer-token-file = global.token
            rings.eu.credentials.basic { username = eu, password-file = eu.pw }
            nodes.s.credentials.bearer-token-file = s.token
            nodes.t.credentials.bearer-token-file = t.token
            """);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var topology = result.Topology!;
        Assert.EndsWith("global.token", topology.FindRing("global")!.Credentials.BearerTokenFile);
        Assert.Equal("eu", topology.FindRing("eu")!.Credentials.BasicUsername);
        var scopes = ServerAuth.AcceptedCredentials(topology).Select(c => c.Scope!).ToDictionary(s => s.Name);
        Assert.Equal(["s", "tokyo"], scopes["ring global"].Sites.Order());
        Assert.Equal(["s"], scopes["ring eu"].Sites);
        Assert.Equal(["tokyo"], scopes["site tokyo"].Sites);
        Assert.False(scopes["site tokyo"].Allows(null));
        Assert.True(scopes["ring eu"].Allows(null));
    }

    [Fact]
    public void Load_AuthOnButAProcessHasNothingToPresent_EachNamed()
    {
        var result = Load("nodes.s.credentials.bearer-token-file = s.token");

        var errors = string.Join("\n", result.Errors);
        Assert.Contains("aggregator.rings.global.credentials: per-site credentials are set", errors);
        Assert.Contains("aggregator.rings.eu.credentials: per-site credentials are set", errors);
        Assert.Contains("aggregator.nodes.t.credentials: per-site credentials are set", errors);
        Assert.DoesNotContain("aggregator.nodes.s.credentials", errors);
    }

    [Fact]
    public void Load_CredentialsOnARingMember_RefusedNamingTheRing()
    {
        var result = Load("""
            security.client.auth.bearer-token-file = c.token
            nodes.a.credentials.bearer-token-file = a.token
            """);

        Assert.Contains(result.Errors, e => e.ToString().Contains("aggregator.nodes.a.credentials: a ring member authenticates as its ring", StringComparison.Ordinal));
    }
}

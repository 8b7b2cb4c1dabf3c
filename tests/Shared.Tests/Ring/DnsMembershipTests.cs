using System.Net;
using Aggregator.Shared.Ring;
using Aggregator.Shared.Tests.RemoteWrite;

namespace Aggregator.Shared.Tests.Ring;

public class DnsMembershipTests
{
    private sealed class FakeResolver : IDnsResolver
    {
        public Func<IReadOnlyList<IPAddress>> Answer { get; set; } = () => [];

        public int Calls { get; private set; }

        public Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(Answer());
        }
    }

    private static IPAddress[] Ips(params string[] ips) => [.. ips.Select(IPAddress.Parse)];

    [Fact]
    public async Task RefreshAsync_Addresses_MembersAreIpPortSorted()
    {
        var resolver = new FakeResolver { Answer = () => Ips("10.0.0.2", "10.0.0.1") };
        await using var membership = new DnsMembership("aggregator-headless", 9090, resolver, new ShardRingOptions { ReplicationFactor = 2 }, new StepClock(), TimeSpan.FromSeconds(30));

        bool changed = await membership.RefreshAsync();

        Assert.True(changed);
        Assert.Equal(["10.0.0.1:9090", "10.0.0.2:9090"], membership.Current.Members);
        Assert.Equal(2, membership.Current.ReplicationFactor);
    }

    [Fact]
    public async Task Timer_IntervalPasses_ReResolvesAndRaisesChangedOnlyOnChange()
    {
        var clock = new StepClock();
        var resolver = new FakeResolver { Answer = () => Ips("10.0.0.1") };
        await using var membership = new DnsMembership("svc", 80, resolver, new ShardRingOptions(), clock, TimeSpan.FromSeconds(30));
        var rings = new List<ShardRing>();
        membership.Changed += rings.Add;

        clock.Advance(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromSeconds(30));
        resolver.Answer = () => Ips("10.0.0.1", "10.0.0.3");
        clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(3, resolver.Calls);
        Assert.Equal(2, rings.Count);
        Assert.Equal(["10.0.0.1:80", "10.0.0.3:80"], membership.Current.Members);
        Assert.Same(rings[^1], membership.Current);
    }

    [Fact]
    public async Task RefreshAsync_ResolverFails_KeepsLastMembersAndCounts()
    {
        var resolver = new FakeResolver { Answer = () => Ips("10.0.0.1") };
        await using var membership = new DnsMembership("svc", 80, resolver, new ShardRingOptions(), new StepClock(), TimeSpan.FromSeconds(30));
        await membership.RefreshAsync();
        resolver.Answer = () => throw new System.Net.Sockets.SocketException(11001);

        bool changed = await membership.RefreshAsync();

        Assert.False(changed);
        Assert.Equal(["10.0.0.1:80"], membership.Current.Members);
        Assert.Equal(1, membership.ResolveFailures);
        Assert.NotNull(membership.LastError);
    }

    [Fact]
    public void StaticMembership_Members_RingOverThem()
    {
        var membership = new StaticMembership(["b", "a"], new ShardRingOptions { ShardCount = 16, ReplicationFactor = 2 });

        Assert.Equal(["a", "b"], membership.Current.Members);
        Assert.Equal(16, membership.Current.ShardCount);
    }

    [Fact]
    public void Validate_BadOptions_ReportsEveryProblem()
    {
        var errors = new ShardRingOptions { ShardCount = 0, ReplicationFactor = 0, SiteLabel = "" }.Validate("ring");

        Assert.Equal(3, errors.Count);
    }
}

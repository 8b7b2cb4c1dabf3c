using System.Text.Json;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Tiers;
using Aggregator.Shared.Topology;
using Microsoft.Extensions.Hosting;

namespace Aggregator.Shared.StatusPage;

/// <summary>
/// On a ring member, every sample interval: records each site's freshness into the bounded history
/// the page plots, and asks each site's Node (its <c>/api/v1/status</c>) how many of its sources are up.
/// A Node that does not answer shows its sources as unknown; nothing here can fail the process.
/// </summary>
internal sealed class StatusSampler(NodeContext node, NodeHostOptions options, StatusBoards boards, SiteActivity activity, TimeProvider time) : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    private HttpClient? _http;
    private ITimer? _timer;
    private int _asking;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (node.Role == NodeRole.Aggregator && node.Ring is not null)
        {
            _http = TierHttp.CreateClient(node.Topology.Security, AskTimeout);
            _timer = time.CreateTimer(_ => Sample(), null, TimeSpan.Zero, options.StatusSampleInterval);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }
        _http?.Dispose();
    }

    /// <summary>One sample now (the timer's callback).</summary>
    internal void Sample()
    {
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var lastSeen = activity.LastSeen;
        var expected = StatusSnapshotBuilder.ExpectedSites(node.Topology, node.Ring!);
        foreach (var site in expected.Concat(lastSeen.Keys).Distinct(StringComparer.Ordinal))
        {
            boards.Freshness.Add(site, lastSeen.TryGetValue(site, out long seenMs) ? Math.Max(0, now - seenMs) / 1000.0 : double.NaN);
        }
        // Note: one round of questions at a time; a slow Node delays the next round, never stacks them.
        if (_http is { } http && Interlocked.CompareExchange(ref _asking, 1, 0) == 0)
        {
            _ = AskSitesAsync(http).ContinueWith(_ => Volatile.Write(ref _asking, 0), TaskScheduler.Default);
        }
    }

    private Task AskSitesAsync(HttpClient http) =>
        Task.WhenAll(node.Topology.Nodes
            .Where(n => n.Role == NodeRole.Node && StatusSnapshotBuilder.ExpectedSites(node.Topology, node.Ring!).Contains(n.Site, StringComparer.Ordinal))
            .Select(async site => boards.SiteSources.Set(site.Site, await AskAsync(http, site).ConfigureAwait(false))));

    private static async Task<SiteSources?> AskAsync(HttpClient http, NodeConfig site)
    {
        try
        {
            await using var body = await http.GetStreamAsync(new Uri(site.Url, "api/v1/status")).ConfigureAwait(false);
            using var json = await JsonDocument.ParseAsync(body).ConfigureAwait(false);
            var sources = json.RootElement.GetProperty("data").GetProperty("sources");
            int up = sources.EnumerateArray().Count(s => s.TryGetProperty("up", out var u) && u.ValueKind == JsonValueKind.True);
            return new SiteSources(up, sources.GetArrayLength());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}

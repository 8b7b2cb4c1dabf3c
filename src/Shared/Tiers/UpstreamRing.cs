namespace Aggregator.Shared.Tiers;

/// <summary>
/// The ring a site Node forwards to (null on a ring member: it sees its own ring through its cluster),
/// whose members the Node probes for the completeness metrics and the status page.
/// </summary>
internal sealed record UpstreamRing(RingView? View) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        if (View is not null)
        {
            await View.DisposeAsync().ConfigureAwait(false);
        }
    }
}

namespace Aggregator.Shared.Tiers;

/// <summary>The ring this process is a member of (null on a site Node), shared by fan-out and the completeness metrics.</summary>
internal sealed record OwnRing(RingView? View) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        if (View is not null)
        {
            await View.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>The ring this process forwards to (null at the top), whose members the completeness actor probes.</summary>
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

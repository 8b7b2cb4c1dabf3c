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

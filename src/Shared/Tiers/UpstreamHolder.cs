namespace Aggregator.Shared.Tiers;

/// <summary>
/// The upstream router once the actors run (null before, and at the top of the tree): the receive
/// path of a region Aggregator passes what it receives on through it.
/// </summary>
internal sealed class UpstreamHolder
{
    private UpstreamRouter? _router;

    public UpstreamRouter? Router
    {
        get => Volatile.Read(ref _router);
        set => Volatile.Write(ref _router, value);
    }
}

namespace Aggregator.Shared.RemoteWrite;

/// <summary>
/// Thrown by a remote-write sink that refuses a batch for the writer's fault (a site over its series
/// limit, a series of another site): the receiver answers the error's 4xx and counts its reason,
/// instead of the 500 (retried) that any other sink failure gets.
/// </summary>
public sealed class RemoteWriteRejectedException(RemoteWriteError error, string? site = null) : Exception(error.ToString())
{
    public RemoteWriteError Error { get; } = error;

    /// <summary>The site refused, counted in <c>aggregator_remote_write_site_rejected_total</c>.</summary>
    public string? Site { get; } = site;
}

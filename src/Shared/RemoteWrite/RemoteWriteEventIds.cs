namespace Aggregator.Shared.RemoteWrite;

/// <summary>Event ids of the remote-write subsystem's log messages (range 4000-4099), kept in one place.</summary>
internal static class RemoteWriteEventIds
{
    public const int AttemptFailed = 4001;
    public const int BatchDropped = 4002;
    public const int GaveUp = 4003;
}

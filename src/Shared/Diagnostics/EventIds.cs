namespace Aggregator.Shared.Diagnostics;

/// <summary>
/// Every log event id of the product, in one place so that ids stay unique; each subsystem owns a
/// range of 100 (add yours as a new block).
/// </summary>
internal static class EventIds
{
    // Actors: 1000-1099.
    public const int ActorFailed = 1000;
    public const int ActorFailedWhileSuspended = 1001;
    public const int ActorFailedWhileStopping = 1002;
    public const int ActorHookFailed = 1003;
    public const int DeadLetter = 1010;
    public const int DeadLettersSuppressed = 1011;

    // Forwarding to the parent ring: 1100-1199.
    public const int ForwardFailedOver = 1100;
    public const int ForwardResolveFailed = 1101;
    public const int ForwardQueueFailed = 1102;
    public const int ForwardParked = 1103;
    public const int ForwardHeldLost = 1104;
    public const int ForwardQueueOpenFailed = 1105;
    public const int ForwardQueueOpened = 1106;
    public const int ForwardQueueCorrupt = 1110;

    // Ring remoting: 1200-1299.
    public const int RemotingCertificateChanged = 1200;
    public const int RemotingCertificateFixed = 1201;

    // Configuration reload: 1300-1399.
    public const int ReloadSignalWasIgnored = 1300;

    // Federation: 1400-1499.
    public const int FederateWarmUpFailed = 1400;
}

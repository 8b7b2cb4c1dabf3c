namespace Aggregator.Shared.Actors;

/// <summary>
/// User-queue messages that the cell handles itself instead of passing them to the actor
/// (poison pill, timer ticks); one type test per message keeps the hot path cheap.
/// </summary>
public abstract class AutoReceivedMessage
{
    private protected AutoReceivedMessage()
    {
    }
}

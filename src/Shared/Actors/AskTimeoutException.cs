namespace Aggregator.Shared.Actors;

/// <summary>
/// An ask got no reply within its timeout (measured on the system's <see cref="TimeProvider"/>). A
/// reply that arrives later goes to dead letters.
/// </summary>
public sealed class AskTimeoutException(string message) : TimeoutException(message);

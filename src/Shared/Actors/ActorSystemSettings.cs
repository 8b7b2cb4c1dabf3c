using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aggregator.Shared.Actors;

/// <summary>Settings of an <see cref="ActorSystem"/>; immutable.</summary>
public sealed record ActorSystemSettings
{
    /// <summary>Clock of timers, ask timeouts, restart windows and backoff; tests pass a manual one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// User messages an actor handles per mailbox run before yielding its thread (Akka's dispatcher
    /// <c>throughput</c>, default 30 there too): higher favours throughput, lower fairness.
    /// </summary>
    public int Throughput { get; init; } = 30;

    /// <summary>Strategy of the <c>/user</c> guardian for top-level actors; null means <see cref="SupervisorStrategy.Default"/>.</summary>
    public SupervisorStrategy? GuardianStrategy { get; init; }

    /// <summary>Receives actor failures and hook errors.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    internal void Validate()
    {
        if (Throughput < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Throughput), Throughput, "Throughput must be at least 1.");
        }
    }
}

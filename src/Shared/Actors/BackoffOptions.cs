namespace Aggregator.Shared.Actors;

/// <summary>
/// Delays restarts exponentially, like Akka's <c>BackoffSupervisor</c> with <c>Backoff.OnFailure</c>:
/// the n-th consecutive restart waits <c>min(Max, Min * 2^n) * (1 + random * RandomFactor)</c>
/// (n from 0) on the system's <see cref="TimeProvider"/>. The child stays suspended while it waits;
/// its queued user messages wait too (up to the mailbox capacity) rather than being dropped.
/// </summary>
/// <param name="Min">Delay of the first restart.</param>
/// <param name="Max">Cap of the exponential part.</param>
/// <param name="RandomFactor">0 for exact delays; 0.2 adds up to 20% jitter so that many children do not restart in step.</param>
public sealed record BackoffOptions(TimeSpan Min, TimeSpan Max, double RandomFactor = 0.2)
{
    /// <summary>
    /// A child that ran this long since its last restart before failing again starts over at
    /// <see cref="Min"/>; null means <see cref="Min"/> (Akka's <c>AutoReset(minBackoff)</c>).
    /// </summary>
    public TimeSpan? ResetAfter { get; init; }

    /// <summary>Source of the jitter; null uses <see cref="System.Random.Shared"/>. Tests pass a seeded one.</summary>
    public Random? Random { get; init; }

    internal TimeSpan DelayFor(int attempt)
    {
        double exponential = Math.Min(Max.Ticks, Min.Ticks * Math.Pow(2, Math.Min(attempt, 62)));
        double jitter = RandomFactor <= 0 ? 1.0 : 1.0 + ((Random ?? System.Random.Shared).NextDouble() * RandomFactor);
        return TimeSpan.FromTicks((long)(exponential * jitter));
    }

    internal void Validate()
    {
        if (Min <= TimeSpan.Zero || Max < Min || RandomFactor < 0 || double.IsNaN(RandomFactor))
        {
            throw new ArgumentException($"Backoff needs 0 < Min <= Max and RandomFactor >= 0; got Min={Min}, Max={Max}, RandomFactor={RandomFactor}.");
        }
    }
}

using Aggregator.Shared.Actors;

namespace Aggregator.Benchmarks.Actors;

/// <summary>Messages and teardown shared by the Tell benchmarks.</summary>
internal static class BenchmarkActors
{
    public static void Shutdown(ActorSystem system)
    {
        system.Terminate().Wait();
        if (system.DeadLetterCount != 0)
        {
            throw new InvalidOperationException($"{system.DeadLetterCount} messages were lost; the figures would be wrong.");
        }
    }

    public sealed record Expect(int Count);

    /// <summary>The one message object bounced around, so the benchmark measures Tell, not allocation.</summary>
    public sealed class Ball
    {
        public static readonly Ball Instance = new();
    }
}

using Aggregator.Shared.Actors;
using BenchmarkDotNet.Attributes;

namespace Aggregator.Benchmarks.Actors;

/// <summary>
/// One-way Tell flood between two actors: a sender actor tells a counter actor a million messages in
/// one handler. One operation is one message delivered, so the mean is the cost per message and
/// "Allocated" is per message.
/// </summary>
[MemoryDiagnoser]
public class TellFloodBenchmarks
{
    private const int Messages = 1_000_000;

    private readonly ManualResetEventSlim _done = new();
    private ActorSystem _system = null!;
    private IActorRef _flooder = null!;
    private IActorRef _counter = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench");
        // Note: the counter's queue holds a whole flood so that the sender never outruns it into dead letters.
        _counter = _system.ActorOf(Props.Create(() => new Counter(_done)).WithMailbox(Messages + 16), "counter");
        _flooder = _system.ActorOf(Props.Create(() => new Flooder(_counter)), "flooder");
    }

    [GlobalCleanup]
    public void Cleanup() => BenchmarkActors.Shutdown(_system);

    [Benchmark(OperationsPerInvoke = Messages)]
    public void OneWayFlood()
    {
        _done.Reset();
        _counter.Tell(new BenchmarkActors.Expect(Messages));
        _flooder.Tell(new BenchmarkActors.Expect(Messages));
        _done.Wait();
    }

    private sealed class Flooder(IActorRef target) : ActorBase
    {
        protected override void OnReceive(object message)
        {
            int count = ((BenchmarkActors.Expect)message).Count;
            for (int i = 0; i < count; i++)
            {
                target.Tell(BenchmarkActors.Ball.Instance, Self);
            }
        }
    }

    private sealed class Counter(ManualResetEventSlim done) : ActorBase
    {
        private int _remaining;

        protected override void OnReceive(object message)
        {
            if (message is BenchmarkActors.Expect expect)
            {
                _remaining = expect.Count;
                return;
            }
            if (--_remaining == 0)
            {
                done.Set();
            }
        }
    }
}

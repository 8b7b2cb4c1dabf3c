using Aggregator.Shared.Actors;
using BenchmarkDotNet.Attributes;

namespace Aggregator.Benchmarks.Actors;

/// <summary>
/// Ping-pong between two actors with <see cref="InFlight"/> messages bouncing at once: 1 measures the
/// hand-off latency between actors, 100 keeps both mailboxes busy. One operation is one message.
/// </summary>
[MemoryDiagnoser]
public class TellPingPongBenchmarks
{
    private const int Messages = 1_000_000;

    private readonly ManualResetEventSlim _done = new();
    private ActorSystem _system = null!;
    private IActorRef _pinger = null!;
    private IActorRef _ponger = null!;

    /// <summary>Messages bouncing between the pair at once.</summary>
    [Params(1, 100)]
    public int InFlight { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench");
        _ponger = _system.ActorOf(Props.Create(() => new Ponger()), "ponger");
        _pinger = _system.ActorOf(Props.Create(() => new Pinger(_done)), "pinger");
    }

    [GlobalCleanup]
    public void Cleanup() => BenchmarkActors.Shutdown(_system);

    [Benchmark(OperationsPerInvoke = Messages)]
    public void PingPong()
    {
        _done.Reset();
        _pinger.Tell(new Serve(_ponger, Messages / 2, InFlight));
        _done.Wait();
    }

    private sealed record Serve(IActorRef Partner, int RoundTrips, int InFlight);

    /// <summary>Returns every ball to its sender.</summary>
    private sealed class Ponger : ActorBase
    {
        protected override void OnReceive(object message) => Sender.Tell(message, Self);
    }

    /// <summary>Serves balls to the ponger and returns each until the round trips are used up.</summary>
    private sealed class Pinger(ManualResetEventSlim done) : ActorBase
    {
        private int _toServe;
        private int _outstanding;

        protected override void OnReceive(object message)
        {
            if (message is Serve serve)
            {
                _toServe = serve.RoundTrips - serve.InFlight;
                _outstanding = serve.InFlight;
                for (int i = 0; i < serve.InFlight; i++)
                {
                    serve.Partner.Tell(BenchmarkActors.Ball.Instance, Self);
                }
                return;
            }
            if (_toServe > 0)
            {
                _toServe--;
                Sender.Tell(message, Self);
            }
            else if (--_outstanding == 0)
            {
                done.Set();
            }
        }
    }
}

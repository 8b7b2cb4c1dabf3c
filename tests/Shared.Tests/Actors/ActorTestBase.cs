using Aggregator.Shared.Actors;
using Aggregator.Tests.Common;
using Aggregator.Tests.Common.Actors;

namespace Aggregator.Shared.Tests.Actors;

/// <summary>A fresh system on virtual time with a probe, terminated after each test.</summary>
public abstract class ActorTestBase : IAsyncLifetime
{
    protected ActorTestBase(SupervisorStrategy? guardianStrategy = null, int throughput = 30)
    {
        Time = new ManualTimeProvider();
        System = ActorSystem.Create("test", new ActorSystemSettings { TimeProvider = Time, GuardianStrategy = guardianStrategy, Throughput = throughput });
        Probe = new TestProbe(System, "probe");
    }

    protected ManualTimeProvider Time { get; }

    protected ActorSystem System { get; }

    protected TestProbe Probe { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await System.Terminate().WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Spawns a <see cref="TestActor"/> and waits until its PreStart has run.</summary>
    protected async Task<IActorRef> SpawnAsync(string name, Func<Props, Props>? configure = null)
    {
        var props = TestActor.Props(Probe.Ref, name);
        var actor = System.ActorOf(configure is null ? props : configure(props), name);
        await Probe.ExpectMsgAsync($"{name}:prestart");
        return actor;
    }
}

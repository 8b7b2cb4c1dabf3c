using Akka.Event;
using Akka.Configuration;
using Akka.Hosting;
using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Hosting;

/// <summary>
/// The one Akka.NET ActorSystem of a process, hosted by Akka.Hosting inside the ASP.NET Core host:
/// started with the host, stopped by CoordinatedShutdown on SIGTERM. Akka's own log lines go to the
/// host's <see cref="ILogger"/> (actor crashes included: the supervisor logs them at Error; the end of an
/// association with a peer that left is Information, see <see cref="AkkaLoggerFactory"/>), and
/// every dead letter is logged and counted on <c>/metrics</c>.
/// </summary>
internal static class ActorSystemHosting
{
    /// <summary>
    /// Akka settings, built in code (Akka's HOCON parser never sees a user's file). Akka's own dead-letter
    /// log is off because <see cref="DeadLetterCounter"/> logs and counts them. The scheduler ticks every
    /// 250 ms instead of Akka's 10 ms: each tick wakes the runtime's timer thread and a thread-pool worker,
    /// which cost an idle process ~0.7 s of CPU per 15 s at 10 ms (measured: an idle Node 0.68 → 0.15 s at
    /// 100 ms; BENCHMARKS.md "Session 6, helper cpu" for 250 ms). What it costs: every Akka timer fires up to
    /// 250 ms late. Ours are a second or more (a rule group's fallback timer is interval + a quarter); Akka's
    /// cluster heartbeat goes out every 1 s, so a peer sees 1–1.25 s between heartbeats against an acceptable
    /// pause of 3 s (the failure detector's default, unchanged), and a dead member is found at most 250 ms later.
    /// <para>
    /// Akka's stdout logger, which it writes through when its configured loggers do not run (before they
    /// start, and once a stopping ActorSystem stopped them), is our <see cref="HostStdoutLogger"/>: its lines
    /// go through the host's logging too, never raw to the console.
    /// </para>
    /// </summary>
    private const string BaseSettings = """
        akka {
          loglevel = INFO
          stdout-logger-class = "Aggregator.Shared.Hosting.HostStdoutLogger, Aggregator.Shared"
          scheduler.tick-duration = 250ms
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """;

    /// <summary>
    /// A site Node's scheduler: one timer per scheduled message, so that nothing wakes between a Node's polls
    /// (<see cref="TimerQueueScheduler"/>). A ring member keeps Akka's wheel at the tick above: its cluster's
    /// heartbeats, gossip and failure detector run on it, and it batches their timers into one wake-up per tick.
    /// </summary>
    private const string SiteNodeSettings = """
        akka.scheduler.implementation = "Aggregator.Shared.Hosting.TimerQueueScheduler, Aggregator.Shared"
        """;

    /// <summary>Adds the ActorSystem; <paramref name="configure"/> adds the role's actors (and, on a ring, its cluster).</summary>
    public static IServiceCollection AddActorSystem(IServiceCollection services, NodeContext node, Action<AkkaConfigurationBuilder, IServiceProvider> configure) =>
        services.AddAkka(SystemName(node), (builder, provider) =>
        {
            builder.AddHocon(ConfigurationFactory.ParseString(Settings(node)), HoconAddMode.Prepend);
            builder.ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory(new AkkaLoggerFactory(provider.GetRequiredService<ILoggerFactory>()));
            });
            builder.WithActors((system, registry) =>
            {
                (system.Settings.StdoutLogger as HostStdoutLogger)?.RouteTo(new AkkaLoggerFactory(provider.GetRequiredService<ILoggerFactory>()));
                var listener = system.ActorOf(DeadLetterCounter.Props(provider.GetRequiredService<MetricsRegistry>(),
                    provider.GetRequiredService<ILoggerFactory>().CreateLogger("Aggregator.Actors"), provider.GetRequiredService<TimeProvider>()), "dead-letters");
                system.EventStream.Subscribe(listener, typeof(DeadLetter));
                system.EventStream.Subscribe(listener, typeof(Dropped));
            });
            configure(builder, provider);
        });

    /// <summary>The Akka settings of <paramref name="node"/>'s ActorSystem: the base ones, and on a site Node its scheduler.</summary>
    internal static string Settings(NodeContext node) =>
        node.Role == NodeRole.Node ? SiteNodeSettings + "\n" + BaseSettings : BaseSettings;

    /// <summary>
    /// The ActorSystem's name: a ring member's ring (every member of one Akka.Cluster must share it), a
    /// site Node's id; characters Akka refuses become '-'.
    /// </summary>
    public static string SystemName(NodeContext node)
    {
        var name = node.Ring?.Name ?? node.Node.Id;
        var chars = name.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(chars[i]) || (i > 0 && chars[i] is '-' or '_')))
            {
                chars[i] = i == 0 ? 'a' : '-';
            }
        }
        return new string(chars);
    }
}

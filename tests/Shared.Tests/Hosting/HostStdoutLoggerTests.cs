using Akka.Actor;
using Akka.Event;
using Aggregator.Shared.Hosting;
using Aggregator.Tests.Common;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Aggregator.Shared.Tests.Hosting;

public sealed class HostStdoutLoggerTests
{
    [Fact]
    public void Log_RoutedToTheHost_EveryLevelGoesThroughTheHostsLoggingWithTheSource()
    {
        var provider = new CollectingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Debug));
        var stdout = new HostStdoutLogger();
        stdout.RouteTo(loggers);

        stdout.Tell(new Info("remoting (akka://global)", typeof(HostStdoutLoggerTests), "Remoting shut down"));
        stdout.Tell(new Warning("cluster", typeof(HostStdoutLoggerTests), "peer unreachable"));
        stdout.Tell(new Error(new InvalidOperationException("boom"), "sharding", typeof(HostStdoutLoggerTests), "failed"));
        stdout.Tell("not a log event");

        Assert.Equal(
            [
                (LogLevel.Information, "[remoting (akka://global)] Remoting shut down"),
                (LogLevel.Warning, "[cluster] peer unreachable"),
                (LogLevel.Error, "[sharding] failed"),
            ],
            provider.Lines.Select(l => (l.Level, l.Message)));
        Assert.All(provider.Lines, l => Assert.Equal(typeof(HostStdoutLoggerTests).FullName, l.Category));
        Assert.IsType<InvalidOperationException>(provider.Lines[2].Exception);
    }

    [Fact]
    public void Log_HostsLevelAboveTheEvent_WritesNothing()
    {
        var provider = new CollectingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Warning));
        var stdout = new HostStdoutLogger();
        stdout.RouteTo(loggers);

        stdout.Tell(new Info("remoting (akka://global)", typeof(HostStdoutLoggerTests), "Remoting shut down"));

        Assert.Empty(provider.Lines);
    }

    [Fact]
    public void Create_AsAkkasStdoutLoggerClass_IsTheSystemsStdoutLogger()
    {
        using var system = ActorSystem.Create("stdout", $"akka.stdout-logger-class = \"{typeof(HostStdoutLogger).FullName}, Aggregator.Shared\"");

        Assert.IsType<HostStdoutLogger>(system.Settings.StdoutLogger);
    }
}

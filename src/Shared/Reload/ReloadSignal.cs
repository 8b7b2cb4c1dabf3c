using System.Runtime.InteropServices;
using Aggregator.Shared.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Reload;

/// <summary>
/// SIGHUP reloads the configuration, as it does for Prometheus (and no longer ends the process, the
/// runtime's default). The outcome is logged by the reloader and shown on <c>/metrics</c> and the status page.
/// </summary>
internal sealed partial class ReloadSignal(ConfigReloader reloader, ILogger<ReloadSignal> logger) : IHostedService, IDisposable
{
    private PosixSignalRegistration? _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsWindows())
        {
            if (IgnoredSignal.TakeBack(IgnoredSignal.SigHup))
            {
                LogSigHupWasIgnored(logger);
            }
            _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                _ = Task.Run(() => reloader.ReloadAsync(), CancellationToken.None);
            });
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _registration?.Dispose();
        _registration = null;
    }

    [LoggerMessage(EventId = EventIds.ReloadSignalWasIgnored, Level = LogLevel.Information,
        Message = "SIGHUP was set to be ignored by the parent process (nohup?); taken back so that SIGHUP reloads the configuration, as Prometheus does")]
    private static partial void LogSigHupWasIgnored(ILogger logger);
}

using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace Aggregator.Shared.Reload;

/// <summary>
/// SIGHUP reloads the configuration, as it does for Prometheus (and no longer ends the process, the
/// runtime's default). The outcome is logged by the reloader and shown on <c>/metrics</c> and the status page.
/// </summary>
internal sealed class ReloadSignal(ConfigReloader reloader) : IHostedService, IDisposable
{
    private PosixSignalRegistration? _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsWindows())
        {
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
}

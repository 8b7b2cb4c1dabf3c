using Microsoft.Extensions.Hosting;

namespace Aggregator.Shared.Demo;

/// <summary>
/// The demo's hosts leave Ctrl-C to the demo command. Note: with the default console lifetime each of
/// the six hosts took SIGINT for itself, so the command's own cancellation never fired and the process
/// stayed alive after its hosts stopped.
/// </summary>
internal sealed class DemoHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

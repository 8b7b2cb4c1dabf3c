using Aggregator.Shared.Rules;
using Microsoft.Extensions.Hosting;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// Stops the host from starting when its rule files failed to load: registered before the ActorSystem,
/// so the start fails with every error instead of a node that runs without its rules.
/// </summary>
internal sealed class RuleLoadCheck(RuleLoadResult rules) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => rules.Success
        ? Task.CompletedTask
        : throw new InvalidOperationException("rule files failed to load:\n" + string.Join('\n', rules.Errors));

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Rules;
using Aggregator.Shared.StatusPage;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Tiers;
using Aggregator.Shared.Topology;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Reload;

/// <summary>
/// Re-reads the topology file and this process's rule files (<c>POST /-/reload</c>, SIGHUP), validates
/// them as at start, and refuses the whole reload with every error when anything is wrong or would need
/// a restart, so the running configuration stays. A valid one goes to every <see cref="IReloadable"/>.
/// Reloads run one at a time. <c>aggregator_config_last_reload_successful</c> and
/// <c>aggregator_config_last_reload_success_timestamp_seconds</c> say how the last one went, as Prometheus's do.
/// </summary>
internal sealed class ConfigReloader : IReloadStatus
{
    private readonly IEnumerable<IReloadable> _parts;
    private readonly SeriesStore? _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RuleLoadResult? _storeRules;
    private readonly Counter _failures;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private volatile LoadedConfig _current;
    private volatile ReloadRow _last;

    public ConfigReloader(NodeContext node, IEnumerable<IReloadable> parts, MetricsRegistry metrics, TimeProvider time, ILogger<ConfigReloader> logger,
        RuleLoadResult? rules = null, SeriesStore? store = null)
    {
        _parts = parts;
        _store = store;
        _time = time;
        _logger = logger;
        _storeRules = rules;
        // Note: the tiers load the rule files once at start; the reloader starts from that same load.
        _current = new LoadedConfig(node, rules ?? TierServices.LoadRules(node));
        _last = new ReloadRow(true, time.GetUtcNow().ToUnixTimeMilliseconds(), []);
        metrics.GaugeCallback("aggregator_config_last_reload_successful", "Whether the last configuration reload attempt was successful.", () => _last.Successful ? 1 : 0);
        metrics.GaugeCallback("aggregator_config_last_reload_success_timestamp_seconds", "Timestamp of the last successful configuration reload.", () => _last.LastSuccessMs / 1000.0);
        _failures = metrics.Counter("aggregator_config_reload_failures_total", "Configuration reloads refused (invalid files, or changes that need a restart).");
        // Note: shown as 0 from the start, so an alert on increase() sees the first failure.
        _failures.Inc(0);
    }

    public LoadedConfig CurrentConfig => _current;

    public NodeContext Current => _current.Node;

    public ReloadRow Last => _last;

    public async Task<ReloadResult> ReloadAsync(CancellationToken cancellationToken = default)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var previous = _current;
            var (next, errors) = Load(previous);
            if (errors.Count > 0)
            {
                _failures.Inc();
                _last = _last with { Successful = false, Errors = errors };
                _logger.LogError("configuration reload refused, the previous configuration stays:\n{Errors}", string.Join('\n', errors));
                return new ReloadResult(false, errors);
            }
            foreach (var part in _parts)
            {
                part.Apply(previous, next!);
            }
            _current = next!;
            _last = new ReloadRow(true, _time.GetUtcNow().ToUnixTimeMilliseconds(), []);
            _logger.LogInformation("configuration reloaded from {File}", next!.Node.Topology.SourceFile);
            return ReloadResult.Applied;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private (LoadedConfig? Next, IReadOnlyList<string> Errors) Load(LoadedConfig previous)
    {
        var file = previous.Node.Topology.SourceFile;
        var topology = TopologyLoader.Load(file);
        if (!topology.IsValid)
        {
            return (null, [.. topology.Errors.Select(e => e.ToString())]);
        }
        var id = previous.Node.Node.Id;
        if (topology.Topology!.FindNode(id) is not { } self)
        {
            return (null, [$"{file}: node '{id}' is no longer in the file; this process cannot become another node without a restart"]);
        }
        var node = new NodeContext(topology.Topology, self);
        var rules = TierServices.LoadRules(node);
        var errors = new List<string>(rules.Errors);
        errors.AddRange(RestartOnlyChanges.Find(previous.Node, node, _store?.Options, _storeRules, rules));
        return errors.Count > 0 ? (null, errors) : (new LoadedConfig(node, rules), []);
    }
}

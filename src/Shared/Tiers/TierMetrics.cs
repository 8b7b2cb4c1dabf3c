using Aggregator.Shared.Diagnostics;

namespace Aggregator.Shared.Tiers;

/// <summary>Self-metrics of rule evaluation and forwarding, registered once per process.</summary>
internal sealed class TierMetrics(MetricsRegistry registry)
{
    public Counter RuleEvaluations { get; } = registry.Counter("aggregator_rule_group_evaluations_total", "Rule group evaluations.", "rule_group");
    public Counter RuleSamples { get; } = registry.Counter("aggregator_rule_group_samples_total", "Samples produced by rule groups.", "rule_group");
    public Counter RuleFailures { get; } = registry.Counter("aggregator_rule_group_failures_total", "Rule evaluation errors.", "rule_group");
    public Gauge RuleDuration { get; } = registry.Gauge("aggregator_rule_group_last_duration_seconds", "Duration of the last evaluation.", "rule_group");
    public Counter ForwardRetries { get; } = registry.Counter("aggregator_forward_retries_total", "Batches re-sent after a failure.", "member");
    public Counter ForwardDropped { get; } = registry.Counter("aggregator_forward_dropped_batches_total", "Batches dropped (4xx from upstream).", "member");
    public Counter ForwardQueueOverflow { get; } = registry.Counter("aggregator_forward_queue_overflow_batches_total", "Oldest batches dropped because the durable queue reached its byte bound.", "member");
    public Gauge ForwardQueueBytes { get; } = registry.Gauge("aggregator_forward_queue_bytes", "Bytes of the durable forward queue's segment files on disk.", "member");
    public Gauge ForwardQueueMaxBytes { get; } = registry.Gauge("aggregator_forward_queue_max_bytes", "The durable forward queue's byte bound; beyond it the oldest batches are dropped.", "member");
    public Gauge ForwardQueueBatches { get; } = registry.Gauge("aggregator_forward_queue_batches", "Batches in the durable forward queue not yet delivered.", "member");
}

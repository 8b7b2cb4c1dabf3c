using Aggregator.Shared.Diagnostics;

namespace Aggregator.Shared.Tiers;

/// <summary>Self-metrics of rule evaluation and forwarding, registered once per process.</summary>
internal sealed class TierMetrics(MetricsRegistry registry)
{
    public Counter RuleEvaluations { get; } = registry.Counter("aggregator_rule_group_evaluations_total", "Rule group evaluations.", "rule_group");
    public Counter RuleSamples { get; } = registry.Counter("aggregator_rule_group_samples_total", "Samples produced by rule groups.", "rule_group");
    public Counter RuleFailures { get; } = registry.Counter("aggregator_rule_group_failures_total", "Rule evaluation errors.", "rule_group");
    public Gauge RuleDuration { get; } = registry.Gauge("aggregator_rule_group_last_duration_seconds", "Duration of the last evaluation.", "rule_group");
    public Counter RuleMissed { get; } = registry.Counter("aggregator_rule_group_iterations_missed_total", "Evaluations skipped because the group ran late (a stalled process catching up), as Prometheus counts them.", "rule_group");
    public Counter ForwardRetries { get; } = registry.Counter("aggregator_forward_retries_total", "Sends that failed (network error or 5xx) and were tried again on the next member, by the member that failed.", "member");
    public Counter ForwardDropped { get; } = registry.Counter("aggregator_forward_dropped_batches_total", "4xx answers from the parent ring, by the member that gave them (a batch refused too often is parked).", "member");
    public Counter ForwardQueueOverflow { get; } = registry.Counter("aggregator_forward_queue_overflow_batches_total", "Oldest batches dropped because the durable queue reached its byte bound, by parent ring.", "ring");
    public Counter ForwardQueueCorrupt { get; } = registry.Counter("aggregator_forward_queue_corrupt_batches_total", "Batches lost because their record in the durable queue was torn or damaged on disk (skipped, never sent), by parent ring.", "ring");
    public Gauge ForwardQueueBytes { get; } = registry.Gauge("aggregator_forward_queue_bytes", "Bytes of the durable forward queue's segment files on disk, by parent ring.", "ring");
    public Counter ForwardRefused { get; } = registry.Counter("aggregator_forward_refused_batches_total", "Batches lost before they reached the durable queue, by parent ring and reason: memory_bound (the disk refused writes until the batches held in memory reached their bound; the oldest go), stopped (still held in memory when the forwarder stopped).", "ring", "reason");
    public Counter ForwardDiskWriteFailures { get; } = registry.Counter("aggregator_forward_disk_write_failures_total", "Writes of the durable forward queue (or its parked queue) the disk refused (e.g. full), by parent ring; the batch is held in memory and written again.", "ring");
    public Gauge ForwardHeldBatches { get; } = registry.Gauge("aggregator_forward_held_batches", "Batches held in memory because the forward queue's disk refuses writes (receivers answer 503 meanwhile), by parent ring.", "ring");
    public Counter ForwardParked { get; } = registry.Counter("aggregator_forward_parked_batches_total", "Batches moved to the parked queue after the parent ring refused them too often (4xx or 5xx answers), by parent ring.", "ring");
    public Gauge ForwardParkedBatches { get; } = registry.Gauge("aggregator_forward_parked_queue_batches", "Batches in the parked queue (kept on disk for inspection, never sent again), by parent ring.", "ring");
    public Gauge ForwardQueueMaxBytes { get; } = registry.Gauge("aggregator_forward_queue_max_bytes", "The durable forward queue's byte bound, by parent ring; beyond it the oldest batches are dropped.", "ring");
    public Gauge ForwardQueueBatches { get; } = registry.Gauge("aggregator_forward_queue_batches", "Batches in the durable forward queue not yet delivered, by parent ring.", "ring");
}

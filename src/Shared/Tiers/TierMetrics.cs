using Aggregator.Shared.Diagnostics;

namespace Aggregator.Shared.Tiers;

/// <summary>Self-metrics of rule evaluation and forwarding, registered once per process.</summary>
internal sealed class TierMetrics(MetricsRegistry registry)
{
    public Counter RuleEvaluations { get; } = PerGroupCounter(registry, "aggregator_rule_group_evaluations_total",
        "Rule group evaluations.");
    public Counter RuleSamples { get; } = PerGroupCounter(registry, "aggregator_rule_group_samples_total",
        "Samples produced by rule groups.");
    public Counter RuleFailures { get; } = PerGroupCounter(registry, "aggregator_rule_group_failures_total",
        "Rule evaluation errors.");
    public Gauge RuleDuration { get; } = PerGroupGauge(registry, "aggregator_rule_group_last_duration_seconds",
        "Duration of the last evaluation.");
    public Counter RuleMissed { get; } = PerGroupCounter(registry, "aggregator_rule_group_iterations_missed_total",
        "Evaluations skipped because the group ran late (a stalled process catching up), as Prometheus counts them.");
    public Counter ForwardRetries { get; } = PerMemberCounter(registry, "aggregator_forward_retries_total",
        "Sends that failed (network error or 5xx) and were tried again on the next member, by the member that failed.");
    public Counter ForwardDropped { get; } = PerMemberCounter(registry, "aggregator_forward_dropped_batches_total",
        "4xx answers from the parent ring, by the member that gave them (a batch refused too often is parked).");
    public Counter ForwardQueueOverflow { get; } = PerRingCounter(registry, "aggregator_forward_queue_overflow_batches_total",
        "Oldest batches dropped because the durable queue reached its byte bound, by parent ring.");
    public Counter ForwardQueueCorrupt { get; } = PerRingCounter(registry, "aggregator_forward_queue_corrupt_batches_total",
        "Batches lost because their record in the durable queue was torn or damaged on disk (skipped, never sent), by parent ring.");
    public Gauge ForwardQueueBytes { get; } = PerRingGauge(registry, "aggregator_forward_queue_bytes",
        "Bytes of the durable forward queue's segment files on disk, by parent ring.");
    public Counter ForwardRefused { get; } = registry.Counter("aggregator_forward_refused_batches_total", "Batches lost before they reached the durable queue, by parent ring and reason: memory_bound (the disk refused writes until the batches held in memory reached their bound; the oldest go), stopped (still held in memory when the forwarder stopped).", "ring", "reason");
    public Counter ForwardQueueOpenFailures { get; } = PerRingCounter(registry, "aggregator_forward_queue_open_failures_total",
        "Attempts to open the durable forward queue (or its parked queue) that failed, by parent ring; retried with backoff, batches held in memory and the node not ready meanwhile.");
    public Counter ForwardDiskWriteFailures { get; } = PerRingCounter(registry, "aggregator_forward_disk_write_failures_total",
        "Writes of the durable forward queue (or its parked queue) the disk refused (e.g. full), by parent ring; the batch is held in memory and written again.");
    public Gauge ForwardHeldBatches { get; } = PerRingGauge(registry, "aggregator_forward_held_batches",
        "Batches held in memory because the forward queue's disk refuses writes (receivers answer 503 meanwhile), by parent ring.");
    public Counter ForwardParked { get; } = PerRingCounter(registry, "aggregator_forward_parked_batches_total",
        "Batches moved to the parked queue after the parent ring refused them too often (4xx or 5xx answers), by parent ring.");
    public Gauge ForwardParkedBatches { get; } = PerRingGauge(registry, "aggregator_forward_parked_queue_batches",
        "Batches in the parked queue (kept on disk for inspection, never sent again), by parent ring.");
    public Gauge ForwardQueueMaxBytes { get; } = PerRingGauge(registry, "aggregator_forward_queue_max_bytes",
        "The durable forward queue's byte bound, by parent ring; beyond it the oldest batches are dropped.");
    public Gauge ForwardQueueBatches { get; } = PerRingGauge(registry, "aggregator_forward_queue_batches",
        "Batches in the durable forward queue not yet delivered, by parent ring.");

    // Note: every family is labelled by what it counts for: the rule group, the parent ring, or the ring member that answered.
    private static Counter PerGroupCounter(MetricsRegistry registry, string name, string help) => registry.Counter(name, help, "rule_group");

    private static Gauge PerGroupGauge(MetricsRegistry registry, string name, string help) => registry.Gauge(name, help, "rule_group");

    private static Counter PerMemberCounter(MetricsRegistry registry, string name, string help) => registry.Counter(name, help, "member");

    private static Counter PerRingCounter(MetricsRegistry registry, string name, string help) => registry.Counter(name, help, "ring");

    private static Gauge PerRingGauge(MetricsRegistry registry, string name, string help) => registry.Gauge(name, help, "ring");
}

using Aggregator.Shared.DiskQueue;
using Aggregator.Shared.Scraping;
using Aggregator.Shared.StatusPage;

namespace Aggregator.Shared.Tiers;

/// <summary>What a <see cref="Forwarder"/> needs: the parent ring, its durable queue, the label it adds, and how it talks and waits.</summary>
internal sealed record ForwarderSettings
{
    public required ParentEndpoints Parent { get; init; }

    public required DiskQueueOptions Queue { get; init; }

    /// <summary>The label name and value a site Node adds to everything; null value on a region ring (series already carry it).</summary>
    public required string SiteLabel { get; init; }

    public string? Site { get; init; }

    public ScrapeAuthOptions Auth { get; init; } = ScrapeAuthOptions.None;

    public ScrapeTlsOptions Tls { get; init; } = ScrapeTlsOptions.Default;

    /// <summary>How long one request may take before the member counts as failed.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait after every member failed once, doubling up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>4xx answers to one batch before it is parked: a refusal that repeats on other members is the batch's fault.</summary>
    public int MaxRefusals { get; init; } = 3;

    /// <summary>5xx answers to one batch before it is parked (more than refusals: a ring that is joining answers 503 for a while).</summary>
    public int MaxServerErrors { get; init; } = 20;

    /// <summary>Where the status page reads the queue (by ring); none in tests that only read metrics.</summary>
    public ForwardQueueBoard? Status { get; init; }

    /// <summary>Told when the queue's disk refuses writes and when it takes them again (the receivers answer 503 meanwhile).</summary>
    public ForwardQueueHealth Health { get; init; } = new();

    /// <summary>
    /// Encoded bytes held in memory while the disk refuses writes, written out in order once it takes them
    /// again; beyond it the oldest held batches are dropped and counted (reason memory_bound).
    /// </summary>
    public long MaxHeldBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Holds readiness back (the returned hold is disposed to release it) while the queue cannot be opened; none in tests that do not read it.</summary>
    public Func<string, IDisposable>? HoldReadiness { get; init; }

    /// <summary>Opens a queue (a real <see cref="DurableQueue"/>; tests inject a faulty disk).</summary>
    public Func<DiskQueueOptions, IDurableQueue> OpenQueue { get; init; } = DurableQueue.Open;

    /// <summary>Where batches refused too often are kept: beside the queue, in the same segment format.</summary>
    public DiskQueueOptions ParkedQueue => Queue with { Directory = Queue.Directory + "-parked" };
}

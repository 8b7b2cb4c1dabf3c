using Aggregator.Shared.Model;

namespace Aggregator.Shared.Scraping;

/// <summary>
/// Immutable settings of one polled source (one Prometheus, or an HA group of replicas).
/// Note: mirrors a Prometheus scrape config restricted to what a federating Node needs; the
/// topology loader maps its HOCON <c>sources</c> entries onto this record.
/// </summary>
public sealed record ScrapeSourceOptions
{
    /// <summary>The source's name, unique within a Node (the <c>source</c> label of self-metrics).</summary>
    public required string Name { get; init; }

    /// <summary>Base URLs of the replicas (one for a plain source, several for an HA group).</summary>
    public required IReadOnlyList<Uri> Urls { get; init; }

    /// <summary>The <c>match[]</c> selectors sent to <c>/federate</c>.</summary>
    public IReadOnlyList<string> Match { get; init; } = [];

    /// <summary>Path appended to each base URL; <c>/federate</c> unless a plain target is scraped.</summary>
    public string MetricsPath { get; init; } = "/federate";

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Upper bound of a random delay before each poll (0: none), below <see cref="Interval"/>, so that many
    /// nodes polling one Prometheus do not arrive in lockstep; drawn afresh for every poll.
    /// </summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>Timeout of one HTTP attempt (one replica); at most <see cref="Interval"/>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest accepted (uncompressed) body in bytes; 0 means no limit.</summary>
    public long BodySizeLimitBytes { get; init; }

    /// <summary>Largest accepted number of samples per poll; 0 means no limit.</summary>
    public int SampleLimit { get; init; }

    /// <summary>Prometheus's <c>honor_labels</c>: scraped labels win over <see cref="TargetLabels"/>.</summary>
    public bool HonorLabels { get; init; }

    /// <summary>
    /// Labels dropped from every scraped series right after parsing (before <see cref="TargetLabels"/> are
    /// merged): the external labels that only tell HA replicas apart, so a failover keeps each series' identity.
    /// </summary>
    public IReadOnlyList<string> ReplicaLabels { get; init; } = [];

    /// <summary>Prometheus's <c>honor_timestamps</c>: keep the timestamps in the response.</summary>
    public bool HonorTimestamps { get; init; } = true;

    /// <summary>
    /// Labels attached to every scraped series and to the synthetic <c>up</c> series (Prometheus's target
    /// labels). When it has no <c>job</c>, <c>job=&lt;Name&gt;</c> is used, as a scrape config's job name is.
    /// Note: unlike Prometheus, no <c>instance</c> target label is merged into scraped series: a federated series'
    /// <c>instance=""</c> then needs no honoring to stay absent, and an HA failover does not change any series'
    /// identity. Only the synthetic series get <c>instance</c> = the active replica's <c>host:port</c>
    /// (<see cref="SyntheticScrapeSeries"/>), as Prometheus's <c>up</c> of a federation job has it.
    /// </summary>
    public LabelSet TargetLabels { get; init; } = LabelSet.Empty;

    /// <summary>
    /// An HA replica whose newest sample timestamp has not advanced for this many consecutive polls is
    /// treated as stale and the source fails over; 0 disables the check.
    /// </summary>
    public int StalePollsBeforeFailover { get; init; } = 3;

    /// <summary>Ask for protobuf first (Prometheus's native-histogram scrape header) rather than text only.</summary>
    public bool PreferProtobuf { get; init; } = true;

    public ScrapeAuthOptions Auth { get; init; } = ScrapeAuthOptions.None;

    public ScrapeTlsOptions Tls { get; init; } = ScrapeTlsOptions.Default;

    /// <summary>The labels of this source's synthetic series and the ones merged into scraped series.</summary>
    public LabelSet EffectiveTargetLabels =>
        TargetLabels.Has("job") ? TargetLabels : TargetLabels.With("job", Name);

    /// <summary>Every problem with these settings, each naming the source and the field.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        string at = $"source '{Name}'";
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add("source: name is empty");
        }
        if (Urls.Count == 0)
        {
            errors.Add($"{at}: urls: at least one URL is required");
        }
        foreach (var url in Urls)
        {
            if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{at}: urls: '{url}' is not an absolute http(s) URL");
            }
        }
        if (Interval <= TimeSpan.Zero)
        {
            errors.Add($"{at}: interval: must be positive, got {Interval}");
        }
        if (Timeout <= TimeSpan.Zero || Timeout > Interval)
        {
            errors.Add($"{at}: timeout: must be positive and at most the interval ({Interval}), got {Timeout}");
        }
        if (Jitter < TimeSpan.Zero || (Jitter > TimeSpan.Zero && Jitter >= Interval))
        {
            errors.Add($"{at}: jitter: must be from 0 up to (not including) the interval ({Interval}), got {Jitter}");
        }
        if (BodySizeLimitBytes < 0)
        {
            errors.Add($"{at}: body-size-limit: must not be negative, got {BodySizeLimitBytes}");
        }
        if (SampleLimit < 0)
        {
            errors.Add($"{at}: sample-limit: must not be negative, got {SampleLimit}");
        }
        if (StalePollsBeforeFailover < 0)
        {
            errors.Add($"{at}: stale-polls-before-failover: must not be negative, got {StalePollsBeforeFailover}");
        }
        if (!MetricsPath.StartsWith('/'))
        {
            errors.Add($"{at}: metrics-path: must start with '/', got '{MetricsPath}'");
        }
        Auth.Validate(at, errors);
        Tls.Validate(at, errors);
        return errors;
    }
}

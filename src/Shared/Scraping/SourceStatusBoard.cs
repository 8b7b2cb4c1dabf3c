using System.Collections.Concurrent;

namespace Aggregator.Shared.Scraping;

/// <summary>
/// The latest status of every source of this node and the options it is polled with (its effective
/// <c>match[]</c> included). The scrapers publish after every poll; <c>/api/v1/topology</c> and the
/// status page read it without asking the actors, and <see cref="SourceStatusMetrics"/> follows it.
/// Thread-safe.
/// </summary>
internal sealed class SourceStatusBoard
{
    private readonly ConcurrentDictionary<string, SourceStatus> _statuses = new(StringComparer.Ordinal);
    private volatile IReadOnlyList<ScrapeSourceOptions> _sources = [];
    private SourceStatusMetrics? _metrics;

    /// <summary>The sources in configuration order, as their scrapers were given them.</summary>
    public IReadOnlyList<ScrapeSourceOptions> Sources => _sources;

    /// <summary>Starts following <paramref name="sources"/>: each shows its first replica and no poll until it polls.</summary>
    public void Register(IReadOnlyList<ScrapeSourceOptions> sources, SourceStatusMetrics? metrics = null)
    {
        _metrics = metrics;
        foreach (var source in sources)
        {
            Publish(new SourceStatus(source.Name, source.Urls, source.Urls[0], null, 0, 0,
                new Dictionary<ScrapeFailureReason, long>()));
        }
        _sources = sources;
    }

    /// <summary>Replaces one source's status (called by its scraper after every poll).</summary>
    public void Publish(SourceStatus status)
    {
        _statuses[status.Name] = status;
        _metrics?.Update(status);
    }

    /// <summary>The latest status of <paramref name="source"/>, or null for a source this node does not poll.</summary>
    public SourceStatus? StatusOf(string source) => _statuses.GetValueOrDefault(source);
}

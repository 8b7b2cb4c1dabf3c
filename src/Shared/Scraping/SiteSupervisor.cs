using Aggregator.Shared.Actors;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Scraping;

/// <summary>
/// Owns one <see cref="SourceScraper"/> per configured source and restarts a failed one after an
/// exponential backoff (1 s doubling to 1 min by default), without limit: a source is never given up,
/// and one failing source never affects the others (one-for-one). Answers <see cref="GetSourceStatus"/>
/// with every source's <see cref="SourceStatus"/> (sources that do not answer in time are left out).
/// </summary>
public sealed partial class SiteSupervisor : ActorBase
{
    /// <summary>Default restart backoff of a failed scraper.</summary>
    public static readonly BackoffOptions DefaultBackoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(5);

    private readonly IReadOnlyList<ScrapeSourceOptions> _sources;
    private readonly Func<ScrapeSourceOptions, Props> _scraperProps;
    private readonly BackoffOptions _backoff;
    private readonly ILogger _logger;

    private SiteSupervisor(IReadOnlyList<ScrapeSourceOptions> sources, Func<ScrapeSourceOptions, Props> scraperProps, BackoffOptions backoff, ILogger logger)
    {
        _sources = sources;
        _scraperProps = scraperProps;
        _backoff = backoff;
        _logger = logger;
    }

    /// <summary>Props of the supervisor; <paramref name="scraperProps"/> builds each source's child (normally <see cref="SourceScraper.Props"/>).</summary>
    public static Props Props(IReadOnlyList<ScrapeSourceOptions> sources, Func<ScrapeSourceOptions, Props> scraperProps, ILogger logger, BackoffOptions? backoff = null) =>
        Actors.Props.Create(() => new SiteSupervisor(sources, scraperProps, backoff ?? DefaultBackoff, logger));

    /// <summary>The child actor name of a source (its name with characters outside [A-Za-z0-9_.-] replaced).</summary>
    public static string ChildName(string source)
    {
        var chars = source.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(chars[i]) || chars[i] is '_' or '-' or '.'))
            {
                chars[i] = '_';
            }
        }
        return "source-" + new string(chars);
    }

    protected override SupervisorStrategy ChildSupervisorStrategy =>
        new OneForOneStrategy(error =>
        {
            LogRestarting(error.Message);
            return Directive.Restart;
        }, maxNrOfRetries: -1, backoff: _backoff);

    protected override void PreStart()
    {
        foreach (var source in _sources)
        {
            Context.ActorOf(_scraperProps(source), ChildName(source.Name));
        }
    }

    protected override void OnReceive(object message)
    {
        if (message is GetSourceStatus)
        {
            _ = CollectAsync([.. Context.Children]).PipeTo(Sender, Self);
            return;
        }
        Unhandled(message);
    }

    private static async Task<IReadOnlyList<SourceStatus>> CollectAsync(IReadOnlyList<IActorRef> children)
    {
        var asks = children.Select(c => c.Ask<SourceStatus>(GetSourceStatus.Instance, StatusTimeout)).ToList();
        var list = new List<SourceStatus>(asks.Count);
        foreach (var ask in asks)
        {
            try
            {
                list.Add(await ask.ConfigureAwait(false));
            }
            catch (AskTimeoutException)
            {
                // Note: a scraper that is restarting answers later; the status simply omits it this time.
            }
        }
        list.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return list;
    }

    [LoggerMessage(EventId = ScrapeEventIds.ScraperRestarting, Level = LogLevel.Error,
        Message = "A source scraper failed and will be restarted after backoff: {Error}")]
    private partial void LogRestarting(string error);
}

using Akka.Actor;
using Akka.Pattern;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Scraping;

/// <summary>
/// Owns one <see cref="SourceScraper"/> per configured source, each under its own Akka backoff supervisor
/// (<c>Backoff.OnFailure</c>): a failed scraper starts again after an exponential backoff (1 s
/// doubling to 1 min by default), without limit, so a source is never given up, and one failing source
/// never affects the others. Answers <see cref="GetSourceStatus"/> with every source's
/// <see cref="SourceStatus"/> (sources that do not answer in time are left out).
/// </summary>
public sealed partial class SiteSupervisor : ReceiveActor
{
    /// <summary>Default restart backoff of a failed scraper.</summary>
    public static readonly ScraperBackoff DefaultBackoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

    /// <summary>The scraper's name under its backoff supervisor.</summary>
    public const string ScraperName = "scraper";

    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(5);

    private readonly IReadOnlyList<ScrapeSourceOptions> _sources;
    private readonly Func<ScrapeSourceOptions, Props> _scraperProps;
    private readonly ScraperBackoff _backoff;
    private readonly ILogger _logger;

    /// <summary>Use <see cref="Props"/>; public only because Akka creates actors through a public constructor.</summary>
    public SiteSupervisor(IReadOnlyList<ScrapeSourceOptions> sources, Func<ScrapeSourceOptions, Props> scraperProps, ScraperBackoff backoff, ILogger logger)
    {
        _sources = sources;
        _scraperProps = scraperProps;
        _backoff = backoff;
        _logger = logger;
        Receive<GetSourceStatus>(_ => CollectAsync([.. Context.GetChildren()]).PipeTo(Sender, Self));
    }

    /// <summary>Props of the supervisor; <paramref name="scraperProps"/> builds each source's scraper (normally <see cref="SourceScraper.Props"/>).</summary>
    public static Props Props(IReadOnlyList<ScrapeSourceOptions> sources, Func<ScrapeSourceOptions, Props> scraperProps, ILogger logger, ScraperBackoff? backoff = null) =>
        Akka.Actor.Props.Create(() => new SiteSupervisor(sources, scraperProps, backoff ?? DefaultBackoff, logger));

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

    protected override void PreStart()
    {
        foreach (var source in _sources)
        {
            var name = source.Name;
            // Note: the strategy logs the failure itself (Akka's own log line is off), naming the source.
            var strategy = new OneForOneStrategy(error =>
            {
                LogRestarting(name, error.InnerException?.Message ?? error.Message);
                return Directive.Restart;
            }, loggingEnabled: false);
            // Note: -1 retries is no limit: a source is never given up.
            var options = Backoff.OnFailure(_scraperProps(source), ScraperName, _backoff.Min, _backoff.Max, _backoff.RandomFactor, maxNrOfRetries: -1)
                .WithSupervisorStrategy(strategy);
            Context.ActorOf(BackoffSupervisor.Props(options), ChildName(name));
        }
    }

    private static async Task<IReadOnlyList<SourceStatus>> CollectAsync(IReadOnlyList<IActorRef> children)
    {
        // Note: each backoff supervisor forwards the ask to its running scraper.
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
        Message = "The scraper of source {Source} failed and will start again after backoff: {Error}")]
    private partial void LogRestarting(string source, string error);
}

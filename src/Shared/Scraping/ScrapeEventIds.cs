namespace Aggregator.Shared.Scraping;

/// <summary>Event ids of the scraping subsystem's log messages (range 3000-3099), kept in one place.</summary>
internal static class ScrapeEventIds
{
    public const int PollFailed = 3001;
    public const int AttemptFailed = 3002;
    public const int FailedOver = 3003;
    public const int ReplicaStale = 3004;
    public const int Recovered = 3005;
    public const int ScraperRestarting = 3006;
    public const int ScraperStopped = 3007;
    public const int PollDeferred = 3008;
    public const int PullEverything = 3009;
    public const int PullMinimal = 3010;
    public const int Dropped = 3011;
}

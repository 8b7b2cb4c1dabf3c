namespace Aggregator.Shared.Scraping;

/// <summary>
/// How long a failed scraper waits before it starts again: <see cref="Min"/> doubling per failure up to
/// <see cref="Max"/>, each wait stretched by up to <see cref="RandomFactor"/> so that many do not restart in step.
/// </summary>
public sealed record ScraperBackoff(TimeSpan Min, TimeSpan Max, double RandomFactor = 0.2);

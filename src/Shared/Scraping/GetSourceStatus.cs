namespace Aggregator.Shared.Scraping;

/// <summary>
/// Asks a <see cref="SourceScraper"/> for its <see cref="SourceStatus"/>, or a <see cref="SiteSupervisor"/>
/// for the <see cref="SourceStatus"/> list of all its sources.
/// </summary>
public sealed class GetSourceStatus
{
    public static readonly GetSourceStatus Instance = new();

    private GetSourceStatus()
    {
    }
}

namespace Aggregator.Shared.Tests.Scraping;

/// <summary>The ways a source fails in the fault tests (see <see cref="FaultySource"/>).</summary>
public enum SourceFault
{
    Status500,
    Garbage,
    Truncated,
    Timeout,
    BodyTooLarge,
    TooManySamples,
    Down,
}

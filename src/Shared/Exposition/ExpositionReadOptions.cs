namespace Aggregator.Shared.Exposition;

/// <summary>How strictly <see cref="ExpositionReader"/> reads.</summary>
public sealed record ExpositionReadOptions
{
    /// <summary>Scraping: stop at the first syntax error, check nothing beyond what Prometheus checks.</summary>
    public static ExpositionReadOptions Scrape { get; } = new();

    /// <summary>Linting (<c>check metrics</c>): continue after errors and apply every semantic rule.</summary>
    public static ExpositionReadOptions Validate { get; } = new() { StopAtFirstError = false, Strict = true };

    /// <summary>Stop reading at the first error (the rest of the body is drained, not parsed).</summary>
    public bool StopAtFirstError { get; init; } = true;

    /// <summary>Apply the format's semantic rules (ordering, metadata placement, histogram consistency...).</summary>
    public bool Strict { get; init; }

    /// <summary>
    /// Deliver labels with empty values instead of dropping them. The scraper needs them: with
    /// <c>honor_labels</c> an exposed <c>instance=""</c> suppresses the target's <c>instance</c>, and it
    /// drops empty labels itself after merging, as Prometheus's scrape loop does.
    /// </summary>
    public bool KeepEmptyLabelValues { get; init; }

    /// <summary>Also report promtool's consistency lints (help text, suffixes, units) as problems.</summary>
    public bool Lint { get; init; }

    /// <summary>At most this many errors are collected.</summary>
    public int MaxErrors { get; init; } = 1000;
}

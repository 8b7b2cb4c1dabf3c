using Aggregator.Shared.Model;

namespace Aggregator.Shared.Scraping;

/// <summary>One sample of one series as a poll writes it into the store (final labels, final timestamp).</summary>
public readonly record struct ScrapedSeries(LabelSet Labels, Sample Sample);

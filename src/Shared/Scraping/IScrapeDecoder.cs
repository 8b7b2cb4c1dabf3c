using Aggregator.Shared.Model;

namespace Aggregator.Shared.Scraping;

/// <summary>Receives the float samples a decoder reads from a body, in body order.</summary>
public interface IScrapedSampleVisitor
{
    /// <param name="labels">The labels as exposed, <c>__name__</c> included. Empty values may be kept
    /// (<c>honor_labels</c> then treats the label as present, as Prometheus does) or dropped by the reader.</param>
    /// <param name="value">The sample value (stale markers and NaNs by bit pattern).</param>
    /// <param name="timestampMs">The exposed timestamp, or null when the line had none.</param>
    void OnSample(LabelSet labels, double value, long? timestampMs);

    /// <summary>Told once per body how many items of one kind it held that no sample carries (see <see cref="ScrapeDropReason"/>).</summary>
    void OnDropped(ScrapeDropReason reason, long count)
    {
    }
}

/// <summary>
/// Parses a response body by its Content-Type (protobuf delimited, text 0.0.4, OpenMetrics).
/// Bad input throws <see cref="ScrapeException"/> with <see cref="ScrapeFailureReason.Parse"/> and a
/// message naming the place.
/// </summary>
public interface IScrapeDecoder
{
    /// <summary>True when protobuf bodies can be decoded (then the Accept header asks for protobuf first).</summary>
    bool ReadsProtobuf { get; }

    void Decode(ScrapeBody body, IScrapedSampleVisitor visitor);
}

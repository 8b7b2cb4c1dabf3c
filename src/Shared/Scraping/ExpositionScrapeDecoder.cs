using Aggregator.Shared.Exposition;

namespace Aggregator.Shared.Scraping;

/// <summary>
/// The scraper's parse step over the project's exposition readers: picks the reader from the response's
/// Content-Type as Prometheus 2.42 does (missing or unknown → text 0.0.4), keeps one
/// <see cref="ExpositionCache"/> per source so steady-state polls allocate nothing per known series, and
/// turns the first syntax error into a <see cref="ScrapeFailureReason.Parse"/> failure naming line:col.
/// One instance per source; not thread-safe (polls of a source never overlap).
/// </summary>
public sealed class ExpositionScrapeDecoder : IScrapeDecoder
{
    private static readonly Lazy<bool> ProtobufReadable = new(ProbeProtobuf);

    private static readonly ExpositionReadOptions ReadOptions = ExpositionReadOptions.Scrape with { KeepEmptyLabelValues = true };

    private readonly ExpositionCache _cache = new();
    private readonly Forwarder _forwarder = new();

    /// <summary>True when the delimited protobuf reader is available, so the Accept header may ask for it.</summary>
    public bool ReadsProtobuf => ProtobufReadable.Value;

    public void Decode(ScrapeBody body, IScrapedSampleVisitor visitor)
    {
        var format = ContentNegotiation.FormatOfContentType(body.ContentType);
        _forwarder.Visitor = visitor;
        ExpositionReadResult result;
        try
        {
            result = ExpositionReader.Read(body.Memory, format, _forwarder, _cache, ReadOptions);
        }
        catch (NotSupportedException e)
        {
            throw new ScrapeException(ScrapeFailureReason.Parse, $"cannot read {format} (Content-Type '{body.ContentType}'): {e.Message}", e);
        }
        finally
        {
            _forwarder.Visitor = null;
        }
        if (!result.Succeeded)
        {
            throw new ScrapeException(ScrapeFailureReason.Parse,
                $"invalid {format} exposition from {body.Url}: {result.Errors[0]}");
        }
    }

    private static bool ProbeProtobuf()
    {
        try
        {
            ExpositionReader.Read(ReadOnlyMemory<byte>.Empty, ExpositionFormat.ProtobufDelimited, new Forwarder());
            return true;
        }
        catch (NotSupportedException)
        {
            return false;
        }
    }

    private sealed class Forwarder : IExpositionSink
    {
        public IScrapedSampleVisitor? Visitor { get; set; }

        public void OnSample(in ExposedSample sample) =>
            Visitor?.OnSample(sample.Series, sample.Value, sample.TimestampMs);
    }
}

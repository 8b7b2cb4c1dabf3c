using Aggregator.Shared.Exposition;

using Aggregator.Shared.Http;

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
    private readonly ReadBody _read;

    /// <summary>A decoder over the project's exposition readers.</summary>
    public ExpositionScrapeDecoder()
        : this(ExpositionReader.Read)
    {
    }

    /// <summary>A decoder over another reader (tests: a reader that fails in a way no body should make it fail).</summary>
    internal ExpositionScrapeDecoder(ReadBody read)
    {
        _read = read;
    }

    /// <summary>The shape of <see cref="ExpositionReader.Read(ReadOnlyMemory{byte}, ExpositionFormat, IExpositionSink, ExpositionCache?, ExpositionReadOptions?)"/>.</summary>
    internal delegate ExpositionReadResult ReadBody(ReadOnlyMemory<byte> body, ExpositionFormat format, IExpositionSink sink,
        ExpositionCache? cache, ExpositionReadOptions? options);

    /// <summary>True when the delimited protobuf reader is available, so the Accept header may ask for it.</summary>
    public bool ReadsProtobuf => ProtobufReadable.Value;

    /// <summary>Bytes the series and string caches' arenas and entries take (BENCHMARKS.md "Node memory, wave 3").</summary>
    internal long CacheBytes => _cache.CapacityBytes;

    public void Decode(ScrapeBody body, IScrapedSampleVisitor visitor)
    {
        var format = ContentNegotiation.FormatOfContentType(body.ContentType);
        _forwarder.Visitor = visitor;
        ExpositionReadResult result;
        try
        {
            result = _read(body.Memory, format, _forwarder, _cache, ReadOptions);
        }
        catch (NotSupportedException e)
        {
            throw new ScrapeException(ScrapeFailureReason.Parse, $"cannot read {format} (Content-Type '{body.ContentType}'): {e.Message}", e);
        }
        catch (SinkException e)
        {
            // Note: the store's own failure is not the body's fault; it keeps its type for the poller.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException!);
            throw;
        }
        catch (Exception e) when (e is not (ScrapeException or OperationCanceledException or OutOfMemoryException))
        {
            // Note: a reader failure other than a reported syntax error (a bug, or input no test foresaw) is a
            // failed poll naming it, never a crash of the scraper.
            throw new ScrapeException(ScrapeFailureReason.Parse,
                $"cannot read {format} exposition from {UrlRedaction.Redact(body.Url.ToString())}: {e.GetType().Name}: {e.Message}", e);
        }
        finally
        {
            _forwarder.Visitor = null;
        }
        if (!result.Succeeded)
        {
            throw new ScrapeException(ScrapeFailureReason.Parse,
                $"invalid {format} exposition from {UrlRedaction.Redact(body.Url.ToString())}: {result.Errors[0]}");
        }
        if (result.Histograms > 0)
        {
            visitor.OnDropped(ScrapeDropReason.NativeHistogram, result.Histograms);
        }
        if (result.Exemplars > 0)
        {
            visitor.OnDropped(ScrapeDropReason.Exemplar, result.Exemplars);
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

        public void OnSample(in ExposedSample sample)
        {
            try
            {
                Visitor?.OnSample(sample.Series, sample.Value, sample.TimestampMs);
            }
            catch (Exception e) when (e is not ScrapeException)
            {
                throw new SinkException(e);
            }
        }
    }

    /// <summary>Carries a visitor's (the store's) exception through the reader, to tell it from a reader failure.</summary>
    private sealed class SinkException(Exception inner) : Exception(inner.Message, inner);
}

using System.Buffers;
using System.IO.Pipelines;
using Aggregator.Shared.Exposition.Text;

namespace Aggregator.Shared.Exposition;

/// <summary>
/// Streaming parser entry point for every exposition format.
/// Usage (scraper): <c>var result = await ExpositionReader.ReadAsync(body, format, sink, cache, ExpositionReadOptions.Scrape, ct);</c>
/// with <c>format</c> from <see cref="ContentNegotiation.FormatOfContentType"/>, a long-lived
/// <see cref="ExpositionCache"/> per target, and an <see cref="IExpositionSink"/> that stores samples.
/// The body is read in pipe-sized chunks and never buffered whole; errors come back in the result.
/// </summary>
public static class ExpositionReader
{
    /// <summary>Parses a body stream (e.g. an HTTP response) into <paramref name="sink"/>.</summary>
    public static async Task<ExpositionReadResult> ReadAsync(Stream body, ExpositionFormat format, IExpositionSink sink,
        ExpositionCache? cache = null, ExpositionReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        var pipe = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        try
        {
            return await ReadAsync(pipe, format, sink, cache, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await pipe.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Parses from a <see cref="PipeReader"/> (e.g. Kestrel's request body); does not complete it.</summary>
    public static async Task<ExpositionReadResult> ReadAsync(PipeReader body, ExpositionFormat format, IExpositionSink sink,
        ExpositionCache? cache = null, ExpositionReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        var session = CreateSession(format, sink, cache, options);
        while (true)
        {
            var read = await body.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            var consumed = session.Feed(buffer, read.IsCompleted);
            if (read.IsCompleted || session.Stopped)
            {
                body.AdvanceTo(buffer.End);
                break;
            }
            body.AdvanceTo(consumed, buffer.End);
        }
        return session.Finish();
    }

    /// <summary>Parses a body already in memory (tests, files, the CLI).</summary>
    public static ExpositionReadResult Read(ReadOnlySequence<byte> body, ExpositionFormat format, IExpositionSink sink,
        ExpositionCache? cache = null, ExpositionReadOptions? options = null)
    {
        var session = CreateSession(format, sink, cache, options);
        session.Feed(body, isFinalBlock: true);
        return session.Finish();
    }

    /// <summary>Parses a body already in memory (tests, files, the CLI).</summary>
    public static ExpositionReadResult Read(ReadOnlyMemory<byte> body, ExpositionFormat format, IExpositionSink sink,
        ExpositionCache? cache = null, ExpositionReadOptions? options = null) =>
        Read(new ReadOnlySequence<byte>(body), format, sink, cache, options);

    /// <summary>A push-style parse: feed chunks as they arrive, then finish. Used by the pipe loop and tests.</summary>
    internal static ExpositionSession CreateSession(ExpositionFormat format, IExpositionSink sink, ExpositionCache? cache,
        ExpositionReadOptions? options)
    {
        options ??= ExpositionReadOptions.Scrape;
        cache ??= new ExpositionCache();
        return format switch
        {
            ExpositionFormat.Text or ExpositionFormat.OpenMetrics => new TextSession(format == ExpositionFormat.OpenMetrics, options, cache, sink),
            ExpositionFormat.ProtobufDelimited => new Protobuf.ProtobufSession(options, cache, sink),
            _ => throw new NotSupportedException($"Reading {format} is not supported; only text, OpenMetrics and delimited protobuf are."),
        };
    }
}

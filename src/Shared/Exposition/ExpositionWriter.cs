using System.Buffers;
using System.IO.Compression;
using System.Text;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Exposition;

/// <summary>
/// Streaming writer for every exposition format. Usage:
/// <code>
/// var n = ContentNegotiation.Negotiate(accept, acceptEncoding);
/// await using var w = ExpositionWriter.Create(response.Body, n);
/// w.BeginFamily("up", MetricType.Untyped);
/// w.WriteSample(series, value, timestampMs);          // or WriteSample(name, labels, value, ts)
/// w.EndFamily();
/// if (w.ShouldFlush) await w.FlushAsync(ct);          // between families or samples, as often as you like
/// await w.CompleteAsync(ct);                           // OpenMetrics "# EOF", compression trailer
/// </code>
/// Labels are written in the order given (the caller sorts; /federate appends external labels);
/// a <c>__name__</c> label is skipped. Output is buffered in pooled memory and only reaches the
/// stream in <see cref="FlushAsync"/> / <see cref="CompleteAsync"/>, so no synchronous I/O happens.
/// </summary>
public abstract class ExpositionWriter : IAsyncDisposable
{
    private const int FlushThreshold = 32 * 1024;

    private readonly Stream _target;
    private readonly Stream? _compressor;
    private byte[] _buffer;
    private int _length;
    private bool _completed;
    private Label[] _scratch = [];

    private protected ExpositionWriter(Stream output, ContentEncoding encoding)
    {
        _compressor = encoding switch
        {
            ContentEncoding.Gzip => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
            ContentEncoding.Deflate => new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true),
            _ => null,
        };
        _target = _compressor ?? output;
        _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    }

    /// <summary>The format this writer produces.</summary>
    public abstract ExpositionFormat Format { get; }

    /// <summary>True when enough output is buffered that the caller should <see cref="FlushAsync"/>.</summary>
    public bool ShouldFlush => _length >= FlushThreshold;

    /// <summary>Bytes buffered and not yet flushed.</summary>
    public int BufferedBytes => _length;

    /// <summary>Creates a writer for a negotiated response (format and compression).</summary>
    public static ExpositionWriter Create(Stream output, NegotiatedFormat negotiated) =>
        Create(output, negotiated.Format, negotiated.Encoding);

    /// <summary>Creates a writer; the stream is never closed by the writer.</summary>
    public static ExpositionWriter Create(Stream output, ExpositionFormat format, ContentEncoding encoding = ContentEncoding.Identity) =>
        format switch
        {
            ExpositionFormat.Text => new Writing.TextExpositionWriter(output, encoding),
            ExpositionFormat.OpenMetrics => new Writing.OpenMetricsExpositionWriter(output, encoding),
            _ => CreateProtobuf(output, format, encoding),
        };

    /// <summary>Starts a family. Its samples follow; end it with <see cref="EndFamily"/>.</summary>
    public abstract void BeginFamily(string name, MetricType type, string? help = null, string? unit = null);

    /// <summary>Starts a family from parsed metadata (empty help/unit are omitted).</summary>
    public void BeginFamily(MetricFamilyInfo metadata) =>
        BeginFamily(metadata.Name, metadata.Type, metadata.Help.Length > 0 ? metadata.Help : null, metadata.Unit.Length > 0 ? metadata.Unit : null);

    /// <summary>
    /// Writes one float sample. <paramref name="metricName"/> is the full sample name (e.g.
    /// <c>x_bucket</c> for a histogram family <c>x</c>); labels are written in the given order.
    /// </summary>
    public abstract void WriteSample(string metricName, ReadOnlySpan<Label> labels, double value, long? timestampMs);

    /// <summary>Writes one float sample of a series (its <c>__name__</c> is the sample name).</summary>
    public virtual void WriteSample(LabelSet series, double value, long? timestampMs) =>
        WriteSample(series.MetricName, series.AsSpan(), value, timestampMs);

    /// <summary>
    /// Writes one float sample of a series with <paramref name="appended"/> after its own labels
    /// (/federate's external labels the series lacks; the caller guarantees the series has no label of
    /// an appended name and no empty value). Text reuses the series' cached spelling.
    /// </summary>
    public virtual void WriteSample(LabelSet series, ReadOnlySpan<Label> appended, double value, long? timestampMs)
    {
        if (appended.IsEmpty)
        {
            WriteSample(series, value, timestampMs);
            return;
        }
        var own = series.AsSpan();
        if (_scratch.Length < own.Length + appended.Length)
        {
            _scratch = new Label[(own.Length + appended.Length) * 2];
        }
        own.CopyTo(_scratch);
        appended.CopyTo(_scratch.AsSpan(own.Length));
        WriteSample(series.MetricName, _scratch.AsSpan(0, own.Length + appended.Length), value, timestampMs);
    }

    /// <summary>
    /// Writes a native histogram. Only the protobuf formats can carry one; text formats drop it
    /// silently, as Prometheus's /federate does.
    /// </summary>
    public virtual void WriteNativeHistogram(ReadOnlySpan<Label> labels, NativeHistogram histogram, long? timestampMs)
    {
    }

    /// <summary>Ends the current family.</summary>
    public abstract void EndFamily();

    /// <summary>Sends buffered output to the stream (through the compressor, if any).</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_length > 0)
        {
            await _target.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
            _length = 0;
        }
        await _target.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finishes the body: format trailer, remaining output, compression trailer.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (_completed)
        {
            return;
        }
        _completed = true;
        WriteTrailer();
        if (_length > 0)
        {
            await _target.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
            _length = 0;
        }
        if (_compressor is not null)
        {
            await _compressor.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            await _target.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Completes (if not yet) and returns pooled memory.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = [];
            }
            ReturnPooled();
            GC.SuppressFinalize(this);
        }
    }

    private protected virtual void WriteTrailer()
    {
    }

    /// <summary>Returns a format's own pooled buffers (called once, on dispose).</summary>
    private protected virtual void ReturnPooled()
    {
    }

    /// <summary>A span of at least <paramref name="size"/> bytes at the end of the buffer.</summary>
    private protected Span<byte> GetSpan(int size)
    {
        if (_buffer.Length - _length < size)
        {
            Grow(size);
        }
        return _buffer.AsSpan(_length);
    }

    private protected void Advance(int count) => _length += count;

    private protected void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _length += bytes.Length;
    }

    private protected void WriteByte(byte b)
    {
        GetSpan(1)[0] = b;
        _length++;
    }

    private protected void WriteUtf8(string s)
    {
        int max = Encoding.UTF8.GetMaxByteCount(s.Length);
        _length += Encoding.UTF8.GetBytes(s, GetSpan(max));
    }

    /// <summary>Writes <paramref name="s"/> escaping backslash, newline and (if asked) double quote.</summary>
    private protected void WriteEscaped(string s, bool escapeQuote)
    {
        var span = s.AsSpan();
        while (true)
        {
            int i = escapeQuote ? span.IndexOfAny('\\', '\n', '"') : span.IndexOfAny('\\', '\n');
            if (i < 0)
            {
                WriteChars(span);
                return;
            }
            WriteChars(span[..i]);
            char c = span[i];
            WriteByte((byte)'\\');
            WriteByte(c == '\n' ? (byte)'n' : (byte)c);
            span = span[(i + 1)..];
        }
    }

    /// <summary>Writes <c>{a="1",b="2"}</c> (nothing when no label remains); skips <c>__name__</c>.</summary>
    private protected void WriteLabelBlock(ReadOnlySpan<Label> labels)
    {
        bool first = true;
        foreach (var label in labels)
        {
            if (label.Name == Label.MetricName)
            {
                continue;
            }
            WriteByte(first ? (byte)'{' : (byte)',');
            first = false;
            WriteUtf8(label.Name);
            WriteBytes("=\""u8);
            WriteEscaped(label.Value, escapeQuote: true);
            WriteByte((byte)'"');
        }
        if (!first)
        {
            WriteByte((byte)'}');
        }
    }

    /// <summary>
    /// Writes <c>name{labels}</c> of <paramref name="series"/>, from its cached spelling once it has one.
    /// </summary>
    private protected void WriteSpelling(LabelSet series) => WriteBytes(Spelling(series));

    /// <summary>The cached <c>name{labels}</c> of <paramref name="series"/>, built on first use.</summary>
    private protected static byte[] Spelling(LabelSet series) => Writing.TextSpelling.Of(series);

    private void WriteChars(ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty)
        {
            return;
        }
        int max = Encoding.UTF8.GetMaxByteCount(chars.Length);
        _length += Encoding.UTF8.GetBytes(chars, GetSpan(max));
    }

    private void Grow(int size)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + size));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
        _buffer = bigger;
    }

    private static ExpositionWriter CreateProtobuf(Stream output, ExpositionFormat format, ContentEncoding encoding) =>
        new Writing.ProtobufExpositionWriter(output, format, encoding);
}

using System.Buffers;

namespace Aggregator.Shared.Scraping;

/// <summary>
/// A response body read into one pooled buffer. Dispose returns the buffer.
/// Note: one contiguous buffer (bounded by the body-size limit) lets the exposition readers take their
/// single-span fast path.
/// </summary>
public sealed class ScrapeBody : IDisposable
{
    private byte[]? _buffer;
    private readonly int _length;

    private readonly BodyBufferSlot? _owner;

    // Note: owner is where the buffer goes back on dispose (the source's slot); null: ArrayPool<byte>.Shared.
    internal ScrapeBody(byte[] buffer, int length, string? contentType, Uri url, BodyBufferSlot? owner = null)
    {
        _owner = owner;
        _buffer = buffer;
        _length = length;
        ContentType = contentType;
        Url = url;
    }

    /// <summary>The response's Content-Type header, or null when it had none.</summary>
    public string? ContentType { get; }

    /// <summary>The URL that answered (one replica).</summary>
    public Uri Url { get; }

    public int Length => _length;

    public ReadOnlyMemory<byte> Memory =>
        _buffer is { } b ? b.AsMemory(0, _length) : throw new ObjectDisposedException(nameof(ScrapeBody));

    public ReadOnlySpan<byte> Span => Memory.Span;

    public void Dispose()
    {
        var b = Interlocked.Exchange(ref _buffer, null);
        if (b is not null && _owner is not null)
        {
            _owner.Return(b, _length);
        }
        else if (b is not null)
        {
            ArrayPool<byte>.Shared.Return(b);
        }
    }
}

namespace Aggregator.Shared.Exposition;

/// <summary>
/// The outcome of content negotiation: what to write, the exact <c>Content-Type</c> to send, and the
/// compression (also set <c>Content-Encoding</c> to <see cref="ContentEncodingHeader"/> when not null).
/// </summary>
public readonly record struct NegotiatedFormat(ExpositionFormat Format, string ContentType, ContentEncoding Encoding)
{
    /// <summary>The <c>Content-Encoding</c> header value, or null for identity.</summary>
    public string? ContentEncodingHeader => Encoding switch
    {
        ContentEncoding.Gzip => "gzip",
        ContentEncoding.Deflate => "deflate",
        _ => null,
    };
}

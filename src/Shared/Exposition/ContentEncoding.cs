namespace Aggregator.Shared.Exposition;

/// <summary>Response compression chosen from <c>Accept-Encoding</c>.</summary>
public enum ContentEncoding
{
    Identity = 0,

    /// <summary><c>Content-Encoding: gzip</c>.</summary>
    Gzip,

    /// <summary><c>Content-Encoding: deflate</c>, written as a zlib stream as Go's compress/zlib does.</summary>
    Deflate,
}

namespace Aggregator.Shared.RemoteWrite;

/// <summary>The HTTP headers of remote-write 1.0, as Prometheus 2.42 sends them.</summary>
public static class RemoteWriteHeaders
{
    public const string ContentEncoding = "snappy";
    public const string ContentType = "application/x-protobuf";
    public const string VersionHeader = "X-Prometheus-Remote-Write-Version";
    public const string Version = "0.1.0";

    /// <summary>The User-Agent our sender uses (Prometheus sends <c>Prometheus/&lt;version&gt;</c>).</summary>
    public const string UserAgent = "Aggregator/0.1";

    /// <summary>How many bytes of an error response body are kept for logs (as Prometheus does).</summary>
    public const int MaxErrorBodyBytes = 1024;
}

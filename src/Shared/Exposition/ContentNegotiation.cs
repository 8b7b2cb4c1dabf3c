namespace Aggregator.Shared.Exposition;

/// <summary>
/// Content negotiation exactly as Prometheus 2.42's <c>/federate</c> does it (FEDERATE_SPEC §1, §7):
/// <c>Accept</c> is parsed like goautoneg (split on ',', trimmed of spaces only, <c>q</c> unparsable
/// → 0, Go's insertion-sort order with its non-transitive "wildcards last" rule), then the first
/// clause naming protobuf MetricFamily with a known encoding, or <c>text/plain</c> with version
/// 0.0.4 or none, wins; anything else falls back to text 0.0.4. OpenMetrics is never chosen for
/// federate. <c>Accept-Encoding</c> tokens are compared literally (<c>gzip;q=1.0</c> does not count);
/// the first <c>gzip</c> or <c>deflate</c> wins.
/// Usage: <c>var n = ContentNegotiation.Negotiate(req.Headers.Accept, req.Headers.AcceptEncoding);</c>
/// then set <c>Content-Type</c> (and <c>Content-Encoding</c>) and create an <see cref="ExpositionWriter"/>.
/// Pass only the first header line of each (Go's <c>Header.Get</c>).
/// </summary>
public static class ContentNegotiation
{
    public const string TextContentType = "text/plain; version=0.0.4; charset=utf-8";
    public const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    public const string ProtobufDelimitedContentType =
        "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";
    public const string ProtobufTextContentType =
        "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=text";
    public const string ProtobufCompactTextContentType =
        "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=compact-text";

    /// <summary>
    /// Chooses format, content type and compression. <paramref name="allowOpenMetrics"/> is false for
    /// <c>/federate</c> (as Prometheus) and true for <c>/metrics</c> (as client_golang's promhttp).
    /// </summary>
    public static NegotiatedFormat Negotiate(string? accept, string? acceptEncoding, bool allowOpenMetrics = false)
    {
        var format = NegotiateFormat(accept, allowOpenMetrics);
        return new NegotiatedFormat(format, ContentTypeOf(format), NegotiateEncoding(acceptEncoding));
    }

    /// <summary>The format part of <see cref="Negotiate"/>.</summary>
    public static ExpositionFormat NegotiateFormat(string? accept, bool allowOpenMetrics = false)
    {
        foreach (var clause in AcceptHeader.Parse(accept ?? string.Empty))
        {
            clause.Params.TryGetValue("version", out var version);
            version ??= string.Empty;
            if (clause.Type == "application" && clause.SubType == "vnd.google.protobuf"
                && clause.Params.TryGetValue("proto", out var proto) && proto == "io.prometheus.client.MetricFamily")
            {
                clause.Params.TryGetValue("encoding", out var encoding);
                switch (encoding)
                {
                    case "delimited":
                        return ExpositionFormat.ProtobufDelimited;
                    case "text":
                        return ExpositionFormat.ProtobufText;
                    case "compact-text":
                        return ExpositionFormat.ProtobufCompactText;
                }
            }
            if (allowOpenMetrics && clause.Type == "application" && clause.SubType == "openmetrics-text"
                && (version is "1.0.0" or "0.0.1" or ""))
            {
                return ExpositionFormat.OpenMetrics;
            }
            if (clause.Type == "text" && clause.SubType == "plain" && (version is "0.0.4" or ""))
            {
                return ExpositionFormat.Text;
            }
        }
        return ExpositionFormat.Text;
    }

    /// <summary>Prometheus's compression handler: first literal <c>gzip</c> or <c>deflate</c> token wins.</summary>
    public static ContentEncoding NegotiateEncoding(string? acceptEncoding)
    {
        if (string.IsNullOrEmpty(acceptEncoding))
        {
            return ContentEncoding.Identity;
        }
        foreach (var token in acceptEncoding.Split(','))
        {
            switch (token.Trim())
            {
                case "gzip":
                    return ContentEncoding.Gzip;
                case "deflate":
                    return ContentEncoding.Deflate;
            }
        }
        return ContentEncoding.Identity;
    }

    /// <summary>The exact <c>Content-Type</c> Prometheus 2.42 sends for a format.</summary>
    public static string ContentTypeOf(ExpositionFormat format) => format switch
    {
        ExpositionFormat.OpenMetrics => OpenMetricsContentType,
        ExpositionFormat.ProtobufDelimited => ProtobufDelimitedContentType,
        ExpositionFormat.ProtobufText => ProtobufTextContentType,
        ExpositionFormat.ProtobufCompactText => ProtobufCompactTextContentType,
        _ => TextContentType,
    };

    /// <summary>
    /// The format of a scraped response from its <c>Content-Type</c>, as Prometheus 2.42's scraper
    /// decides: OpenMetrics and protobuf by media type (any protobuf encoding is read as delimited),
    /// everything else — missing or unparsable included — as text 0.0.4.
    /// </summary>
    public static ExpositionFormat FormatOfContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return ExpositionFormat.Text;
        }
        int semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var media = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        if (media.Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase))
        {
            return ExpositionFormat.OpenMetrics;
        }
        if (media.Equals("application/vnd.google.protobuf", StringComparison.OrdinalIgnoreCase))
        {
            return ExpositionFormat.ProtobufDelimited;
        }
        return ExpositionFormat.Text;
    }
}

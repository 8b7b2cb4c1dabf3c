namespace Aggregator.Shared.Scraping;

/// <summary>Why a poll failed; the <c>reason</c> label of <c>aggregator_scrape_failures_total</c>.</summary>
public enum ScrapeFailureReason
{
    /// <summary>Connection refused, reset, DNS, or another transport error.</summary>
    Network,

    /// <summary>No complete answer within the source's timeout.</summary>
    Timeout,

    /// <summary>The server answered with a status other than 200.</summary>
    HttpStatus,

    /// <summary>The (uncompressed) body grew past the body-size limit.</summary>
    BodySizeLimit,

    /// <summary>The connection ended before the body was complete.</summary>
    Truncated,

    /// <summary>The body is not valid exposition in its content type.</summary>
    Parse,

    /// <summary>The body held more samples than the sample limit.</summary>
    SampleLimit,

    /// <summary>The TLS handshake failed (untrusted certificate, name mismatch, ...).</summary>
    Tls,

    /// <summary>A credentials file (password, bearer token) could not be read.</summary>
    Credentials,

    /// <summary>The server answered with a redirect, which the scraper never follows (a source must not steer a Node elsewhere).</summary>
    Redirect,
}

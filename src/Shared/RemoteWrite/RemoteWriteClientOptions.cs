using Aggregator.Shared.Scraping;

namespace Aggregator.Shared.RemoteWrite;

/// <summary>
/// Settings of one remote-write destination. Backoff defaults are Prometheus's queue_config
/// defaults (min 30 ms, max 5 s); 429 is not retried unless asked, as in Prometheus.
/// </summary>
public sealed record RemoteWriteClientOptions
{
    /// <summary>The write URL, e.g. http://aggregator-0:9090/api/v1/write.</summary>
    public required Uri Url { get; init; }

    /// <summary>Timeout of one attempt (request and response).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(30);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts before giving up on a retryable failure; null retries until cancelled.</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>Retry on 429 Too Many Requests (Prometheus's retry_on_http_429, default false).</summary>
    public bool RetryOnTooManyRequests { get; init; }

    /// <summary>Longest Retry-After honoured; a longer one is cut to this.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(1);

    public ScrapeAuthOptions Auth { get; init; } = ScrapeAuthOptions.None;

    public ScrapeTlsOptions Tls { get; init; } = ScrapeTlsOptions.Default;

    public string UserAgent { get; init; } = RemoteWriteHeaders.UserAgent;

    /// <summary>Every problem with these settings (empty when valid), each prefixed by <paramref name="at"/>.</summary>
    public IReadOnlyList<string> Validate(string at)
    {
        var errors = new List<string>();
        if (!Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{at}: url '{Url}' must be an absolute http or https URL");
        }
        if (AttemptTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{at}: attempt timeout must be positive, got {AttemptTimeout}");
        }
        if (MinBackoff <= TimeSpan.Zero || MaxBackoff < MinBackoff)
        {
            errors.Add($"{at}: backoff must satisfy 0 < min ({MinBackoff}) <= max ({MaxBackoff})");
        }
        if (MaxAttempts is < 1)
        {
            errors.Add($"{at}: max attempts must be at least 1, got {MaxAttempts}");
        }
        Auth.Validate(at, errors);
        Tls.Validate(at, errors);
        return errors;
    }
}

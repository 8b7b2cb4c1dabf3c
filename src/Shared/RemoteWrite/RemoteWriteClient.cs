using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Aggregator.Shared.Scraping;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aggregator.Shared.RemoteWrite;

/// <summary>
/// Sends remote-write 1.0 bodies to one destination with Prometheus's semantics: 2xx is success;
/// 5xx, network errors and timeouts are retried with exponential backoff and jitter (a Retry-After
/// header is honoured); 429 is retried only when configured; any other 4xx drops the batch and is
/// reported. Time (backoff, per-attempt timeout) comes from the injected <see cref="TimeProvider"/>.
/// Thread-safe; one instance per destination.
/// </summary>
public sealed partial class RemoteWriteClient
{
    private readonly HttpClient _http;
    private readonly RemoteWriteClientOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _jitter;
    private readonly ILogger _logger;

    /// <summary>
    /// Creates a sender. <paramref name="http"/> should have an infinite Timeout (attempts are timed
    /// here) and a handler from <see cref="CreateHandler"/>; <paramref name="jitter"/> is seeded in tests.
    /// </summary>
    public RemoteWriteClient(HttpClient http, RemoteWriteClientOptions options, TimeProvider? time = null, Random? jitter = null, ILogger? logger = null)
    {
        _http = http;
        _options = options;
        _time = time ?? TimeProvider.System;
        _jitter = jitter ?? Random.Shared;
        _logger = logger ?? NullLogger.Instance;
    }

    public RemoteWriteClientMetrics Metrics { get; } = new();

    /// <summary>
    /// An HTTP handler with the TLS settings (CA, client certificate for mTLS, server name) from PEM files,
    /// re-read when they change; <paramref name="clockMs"/> paces those checks in tests.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(ScrapeTlsOptions tls, Func<long>? clockMs = null)
    {
        var handler = FederateHttpHandler.Create(tls, clockMs);
        // Note: remote-write responses are tiny and never compressed; a redirect of a POST is not followed.
        handler.AutomaticDecompression = DecompressionMethods.None;
        handler.AllowAutoRedirect = false;
        return handler;
    }

    /// <summary>Sends one encoded body (see <see cref="RemoteWriteEncoder"/>).</summary>
    public Task<RemoteWriteResult> SendAsync(RemoteWriteBody body, CancellationToken cancellationToken = default) =>
        SendAsync(body.Compressed, cancellationToken);

    /// <summary>
    /// Sends a snappy-compressed <c>WriteRequest</c> until it is accepted, dropped, or attempts run
    /// out. Cancellation throws <see cref="OperationCanceledException"/> (the caller keeps the batch).
    /// </summary>
    public async Task<RemoteWriteResult> SendAsync(ReadOnlyMemory<byte> compressed, CancellationToken cancellationToken = default)
    {
        for (int attempt = 1; ; attempt++)
        {
            var (status, error, retryAfter) = await AttemptAsync(compressed, attempt, cancellationToken);
            if (status is >= 200 and < 300)
            {
                Metrics.OnSent(compressed.Length);
                return new RemoteWriteResult(RemoteWriteOutcome.Sent, attempt, status, null);
            }
            bool retryable = status is null or >= 500 || (status == 429 && _options.RetryOnTooManyRequests);
            error ??= string.Empty;
            if (!retryable)
            {
                Metrics.OnDropped();
                LogDropped(_options.Url, status!.Value, error);
                return new RemoteWriteResult(RemoteWriteOutcome.Dropped, attempt, status, error);
            }
            if (_options.MaxAttempts is int max && attempt >= max)
            {
                Metrics.OnGaveUp();
                LogGaveUp(_options.Url, attempt, error);
                return new RemoteWriteResult(RemoteWriteOutcome.GaveUp, attempt, status, error);
            }
            var delay = retryAfter ?? Backoff(attempt);
            Metrics.OnRetry();
            LogAttemptFailed(_options.Url, attempt, error, delay);
            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    /// <summary>
    /// The wait after the <paramref name="failures"/>-th failure: min × 2^(failures−1), capped at max,
    /// then jittered into [half, full] so that many senders do not retry in lockstep.
    /// </summary>
    internal TimeSpan Backoff(int failures)
    {
        double ceiling = Math.Min(
            _options.MinBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30)),
            _options.MaxBackoff.TotalMilliseconds);
        double jitter;
        lock (_jitter)
        {
            jitter = _jitter.NextDouble();
        }
        return TimeSpan.FromMilliseconds(ceiling / 2 + jitter * ceiling / 2);
    }

    private async Task<(int? Status, string? Error, TimeSpan? RetryAfter)> AttemptAsync(ReadOnlyMemory<byte> compressed, int attempt, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.AttemptTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = BuildRequest(compressed, attempt);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            int status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return (status, null, null);
            }
            string text = await ReadErrorAsync(response, linked.Token);
            return (status, $"HTTP {status}: {text}", RetryAfter(response));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"no answer within {_options.AttemptTimeout}", null);
        }
        catch (HttpRequestException e)
        {
            return (null, e.Message, null);
        }
        catch (IOException e)
        {
            return (null, e.Message, null);
        }
    }

    private HttpRequestMessage BuildRequest(ReadOnlyMemory<byte> compressed, int attempt)
    {
        var content = new ReadOnlyMemoryContent(compressed);
        content.Headers.ContentType = new MediaTypeHeaderValue(RemoteWriteHeaders.ContentType);
        content.Headers.ContentEncoding.Add(RemoteWriteHeaders.ContentEncoding);
        var request = new HttpRequestMessage(HttpMethod.Post, _options.Url) { Content = content };
        request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        request.Headers.Add(RemoteWriteHeaders.VersionHeader, RemoteWriteHeaders.Version);
        if (attempt > 1)
        {
            request.Headers.Add("Retry-Attempt", (attempt - 1).ToString(CultureInfo.InvariantCulture));
        }
        request.Headers.Authorization = Authorization(_options.Auth);
        return request;
    }

    /// <summary>Note: secret files are read per request (trimmed, as Prometheus does) so that rotation needs no restart.</summary>
    private static AuthenticationHeaderValue? Authorization(ScrapeAuthOptions auth)
    {
        if (auth.BearerTokenFile is { } tokenFile)
        {
            return new AuthenticationHeaderValue("Bearer", Http.SecretFile.ReadTrimmed(tokenFile));
        }
        if (auth.BasicAuthUsername is { } user)
        {
            string password = auth.BasicAuthPasswordFile is { } file ? Http.SecretFile.ReadTrimmed(file) : string.Empty;
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
        }
        return null;
    }

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = new byte[RemoteWriteHeaders.MaxErrorBodyBytes];
        int length = 0;
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }
        return Encoding.UTF8.GetString(buffer, 0, length).TrimEnd();
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date - _time.GetUtcNow());
        if (wait is not TimeSpan w)
        {
            return null;
        }
        return w < TimeSpan.Zero ? TimeSpan.Zero : (w > _options.MaxRetryAfter ? _options.MaxRetryAfter : w);
    }
}

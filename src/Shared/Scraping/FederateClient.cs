using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

using Aggregator.Shared.Http;

namespace Aggregator.Shared.Scraping;

/// <summary>
/// Fetches one source's exposition over HTTP: <c>&lt;url&gt;/federate?match[]=...</c> with Prometheus's
/// Accept header, gzip, basic or bearer auth, TLS, a per-attempt timeout and a body-size limit enforced
/// while the body streams in. One instance per source; it owns its connection pool.
/// </summary>
public sealed class FederateClient : IDisposable
{
    private const int InitialBufferSize = 16 * 1024;

    // Note: the size to take for the next body: the last body's.
    private int _expectedLength = InitialBufferSize;
    private readonly BodyBufferSlot _buffers = new();

    private readonly ScrapeSourceOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly string _accept;
    private readonly string _timeoutHeader;

    /// <param name="options">The source's settings (replicas, match, limits, auth, TLS).</param>
    /// <param name="time">The clock of the per-attempt timeout and of the TLS files' change checks.</param>
    /// <param name="acceptProtobuf">False when the parse step cannot read protobuf: then the Accept header
    /// asks for text formats only, whatever <see cref="ScrapeSourceOptions.PreferProtobuf"/> says.</param>
    public FederateClient(ScrapeSourceOptions options, TimeProvider time, bool acceptProtobuf = true)
    {
        _options = options;
        _time = time;
        // Note: the TLS files' checks follow the same clock, so tests move it past a rotation.
        _http = new HttpClient(FederateHttpHandler.Create(options.Tls, () => (long)(time.GetTimestamp() * 1000.0 / time.TimestampFrequency)), disposeHandler: true)
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _accept = options.PreferProtobuf && acceptProtobuf ? ScrapeAcceptHeaders.ProtobufFirst : ScrapeAcceptHeaders.TextFirst;
        _timeoutHeader = options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The URL polled for one replica: base path + metrics path + one <c>match[]</c> per selector.</summary>
    public Uri RequestUri(Uri replica)
    {
        var sb = new StringBuilder();
        sb.Append(replica.GetLeftPart(UriPartial.Authority));
        sb.Append(replica.AbsolutePath.TrimEnd('/'));
        sb.Append(_options.MetricsPath);
        char sep = '?';
        foreach (var m in _options.Match)
        {
            sb.Append(sep).Append("match%5B%5D=").Append(Uri.EscapeDataString(m));
            sep = '&';
        }
        return new Uri(sb.ToString());
    }

    /// <summary>
    /// Polls one replica and returns its whole body; throws <see cref="ScrapeException"/> on any failure.
    /// Only <paramref name="cancellation"/> (the caller stopping) surfaces as OperationCanceledException.
    /// </summary>
    public async Task<ScrapeBody> FetchAsync(Uri replica, CancellationToken cancellation)
    {
        var uri = RequestUri(replica);
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, timeout.Token);
        try
        {
            using var request = BuildRequest(uri);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                throw new ScrapeException(ScrapeFailureReason.Redirect,
                    $"server returned HTTP status {(int)response.StatusCode} {response.ReasonPhrase}, a redirect to "
                    + $"{(response.Headers.Location is { } location ? UrlRedaction.Redact(location.ToString()) : "(no Location)")}: redirects are not followed; configure the final URL");
            }
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new ScrapeException(ScrapeFailureReason.HttpStatus,
                    $"server returned HTTP status {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            long limit = _options.BodySizeLimitBytes;
            bool compressed = response.Content.Headers.ContentEncoding.Count > 0;
            if (limit > 0 && !compressed && response.Content.Headers.ContentLength > limit)
            {
                throw BodyTooLarge(limit);
            }
            var contentType = response.Content.Headers.ContentType?.ToString();
            await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
            var (buffer, length) = await ReadLimitedAsync(stream, limit, _buffers, Volatile.Read(ref _expectedLength), linked.Token);
            // Note: the next poll takes a buffer of this body's size at once (a body changes little between polls).
            Volatile.Write(ref _expectedLength, Math.Max(InitialBufferSize, length));
            return new ScrapeBody(buffer, length, contentType, uri, _buffers);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellation.IsCancellationRequested)
        {
            throw new ScrapeException(ScrapeFailureReason.Timeout,
                $"context deadline exceeded: no complete answer within {_options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s");
        }
        catch (HttpRequestException e)
        {
            throw Classify(e);
        }
        catch (HttpIOException e)
        {
            throw new ScrapeException(ScrapeFailureReason.Truncated, $"body truncated: {e.Message}", e);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            throw new ScrapeException(ScrapeFailureReason.Truncated, $"reading the body failed: {e.Message}", e);
        }
        catch (InvalidDataException e)
        {
            throw new ScrapeException(ScrapeFailureReason.Parse, $"invalid gzip body: {e.Message}", e);
        }
    }

    private HttpRequestMessage BuildRequest(Uri uri)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri) { Version = HttpVersion.Version11 };
        request.Headers.TryAddWithoutValidation("Accept", _accept);
        request.Headers.TryAddWithoutValidation("User-Agent", "Aggregator-Node");
        request.Headers.TryAddWithoutValidation("X-Prometheus-Scrape-Timeout-Seconds", _timeoutHeader);
        var auth = _options.Auth;
        if (auth.BasicAuthUsername is { } user)
        {
            string password = auth.BasicAuthPasswordFile is { } f ? ReadSecret(f) : string.Empty;
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", token);
        }
        else if (auth.BearerTokenFile is { } tokenFile)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ReadSecret(tokenFile));
        }
        return request;
    }

    // Note: Prometheus trims surrounding whitespace of credential files (a trailing newline is common).
    private static string ReadSecret(string path)
    {
        try
        {
            return SecretFile.ReadTrimmed(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScrapeException(ScrapeFailureReason.Credentials, $"cannot read credentials file '{path}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads the whole body under <paramref name="limit"/>. Note: a limit of 0 means no limit, as in
    /// Prometheus; the body still has to fit one array, so it is refused (a failed poll, never an
    /// OverflowException) once it would outgrow <see cref="Array.MaxLength"/>.
    /// </summary>
    private static async Task<(byte[] Buffer, int Length)> ReadLimitedAsync(Stream stream, long limit, BodyBufferSlot buffers, int expected,
        CancellationToken cancellation)
    {
        var buffer = buffers.Take(expected);
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = BodyBufferSlot.NewBuffer(GrownSize(buffer.Length)
                        ?? throw new ScrapeException(ScrapeFailureReason.BodySizeLimit,
                            $"body size limit exceeded: the body is larger than the largest buffer of {Array.MaxLength} bytes (body-size-limit = 0 allows up to that)"));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    // Note: the outgrown buffer goes to the GC, not back to the slot: a chain of halves
                    // (16 KB ... body/2) kept anywhere would hold as much again as the body.
                    buffer = bigger;
                }
                int n = await stream.ReadAsync(buffer.AsMemory(length), cancellation);
                if (n == 0)
                {
                    return (buffer, length);
                }
                length += n;
                if (limit > 0 && length > limit)
                {
                    throw BodyTooLarge(limit);
                }
            }
        }
        catch
        {
            buffers.Return(buffer, length);
            throw;
        }
    }

    /// <summary>The next size of a full body buffer: double, capped at <see cref="Array.MaxLength"/>; null when it cannot grow.</summary>
    internal static int? GrownSize(int current) =>
        current >= Array.MaxLength ? null : (int)Math.Min((long)current * 2, Array.MaxLength);

    private static ScrapeException BodyTooLarge(long limit) =>
        new(ScrapeFailureReason.BodySizeLimit, $"body size limit exceeded: the body is larger than {limit} bytes");

    private static ScrapeException Classify(HttpRequestException e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is AuthenticationException)
            {
                return new ScrapeException(ScrapeFailureReason.Tls, $"TLS handshake failed: {x.Message}", e);
            }
            if (x is HttpIOException io && io.HttpRequestError == HttpRequestError.ResponseEnded)
            {
                return new ScrapeException(ScrapeFailureReason.Truncated, $"response ended prematurely: {x.Message}", e);
            }
            if (x is SocketException s)
            {
                return new ScrapeException(ScrapeFailureReason.Network, $"connection failed: {s.SocketErrorCode}: {e.Message}", e);
            }
        }
        return new ScrapeException(ScrapeFailureReason.Network, $"request failed: {e.Message}", e);
    }

    public void Dispose() => _http.Dispose();
}

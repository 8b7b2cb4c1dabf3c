using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Aggregator.Bench.SideBySide;

/// <summary>
/// The harness's HTTP client: readiness waits, <c>/federate</c> timings (every fetch with the same
/// Accept header, text 0.0.4 without compression, so both servers do the same work) and values read
/// from a Prometheus text body.
/// </summary>
internal sealed class HttpProbe : IDisposable
{
    public const string FederateAccept = "text/plain;version=0.0.4";

    /// <summary>Prometheus's protobuf delimited exposition, as a federating Prometheus asks for it first.</summary>
    public const string ProtobufAccept = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";

    private readonly HttpClient _http = new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None })
    {
        Timeout = TimeSpan.FromMinutes(3),
    };

    /// <summary>Waits until <paramref name="url"/> answers 200, or fails naming <paramref name="what"/> and its log.</summary>
    public async Task WaitReadyAsync(Uri url, string what, ChildProcess process, TimeSpan timeout, string logPath)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{what} exited before it was ready; see {logPath}");
            }
            try
            {
                using var response = await _http.GetAsync(url).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Note: not listening yet.
            }
            await Task.Delay(200).ConfigureAwait(false);
        }
        throw new TimeoutException($"{what} not ready at {url} within {timeout.TotalSeconds:0} s; see {logPath}");
    }

    /// <summary>GET as text (small bodies: /metrics, aggregated /federate).</summary>
    public async Task<string> GetTextAsync(Uri url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", FederateAccept);
        using var response = await _http.SendAsync(request).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync().ConfigureAwait(false);
    }

    /// <summary>POSTs a snappy-compressed remote-write body and returns the status.</summary>
    public async Task<HttpStatusCode> PostRemoteWriteAsync(Uri url, byte[] compressed)
    {
        using var content = new ByteArrayContent(compressed);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/x-protobuf");
        content.Headers.TryAddWithoutValidation("Content-Encoding", "snappy");
        content.Headers.TryAddWithoutValidation("X-Prometheus-Remote-Write-Version", "0.1.0");
        using var response = await _http.PostAsync(url, content).ConfigureAwait(false);
        return response.StatusCode;
    }

    /// <summary>
    /// Fetches <c>/federate?match[]=selector</c> once, streaming, asking for <paramref name="accept"/>: total
    /// seconds, seconds to the first byte, body bytes and (text only; 0 otherwise) sample lines, i.e. every
    /// line that is not blank and not a comment.
    /// </summary>
    public async Task<FederateTiming> TimeFederateAsync(Uri baseUrl, string selector, string accept = FederateAccept)
    {
        var url = new Uri(baseUrl, "federate?match[]=" + Uri.EscapeDataString(selector));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        bool text = accept.StartsWith("text/", StringComparison.Ordinal);
        var watch = Stopwatch.StartNew();
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var buffer = new byte[256 * 1024];
        double firstByte = -1;
        long bytes = 0;
        long lines = 0;
        byte previous = (byte)'\n';
        int read;
        while ((read = await body.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            if (firstByte < 0)
            {
                firstByte = watch.Elapsed.TotalSeconds;
            }
            bytes += read;
            if (text)
            {
                lines += SampleLines(buffer.AsSpan(0, read), previous);
                previous = buffer[read - 1];
            }
        }
        return new FederateTiming(watch.Elapsed.TotalSeconds, Math.Max(0, firstByte), bytes, lines);
    }

    // Note: counted with vectorized searches (every newline, then the few comment and empty lines): a byte-by-byte
    // loop here cost the client ~1 ns per byte inside the timed fetch, about a tenth of the Node's time at 10k series.
    private static long SampleLines(ReadOnlySpan<byte> chunk, byte previous)
    {
        long lines = chunk.Count((byte)'\n');
        if (previous == (byte)'\n' && chunk[0] is (byte)'#' or (byte)'\n')
        {
            lines--; // a comment or an empty line starts the chunk: its newline is not a sample's
        }
        return lines - Occurrences(chunk, "\n#"u8) - Occurrences(chunk, "\n\n"u8);
    }

    private static long Occurrences(ReadOnlySpan<byte> chunk, ReadOnlySpan<byte> pair)
    {
        long n = 0;
        for (int i = chunk.IndexOf(pair); i >= 0;)
        {
            n++;
            int next = chunk[(i + 1)..].IndexOf(pair);
            i = next < 0 ? -1 : i + 1 + next;
        }
        return n;
    }

    /// <summary>
    /// The value of the first sample line of <paramref name="metric"/> whose text contains
    /// <paramref name="labelText"/> (e.g. <c>rule_group="x"</c> or <c>rule_group="file;x"</c>), or null.
    /// </summary>
    public static double? FindValue(string body, string metric, string labelText)
    {
        foreach (var line in body.AsSpan().EnumerateLines())
        {
            if (!line.StartsWith(metric, StringComparison.Ordinal) || line.Length <= metric.Length
                || (line[metric.Length] != '{' && line[metric.Length] != ' ') || line.IndexOf(labelText, StringComparison.Ordinal) < 0)
            {
                continue;
            }
            var rest = line[(line.LastIndexOf('}') + 1)..].Trim();
            int space = rest.IndexOf(' ');
            var value = space < 0 ? rest : rest[..space];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            {
                return v;
            }
        }
        return null;
    }

    /// <summary>The largest value of any sample line of <paramref name="metric"/> in a text body, or null.</summary>
    public static double? MaxValue(string body, string metric)
    {
        double? max = null;
        foreach (var line in body.AsSpan().EnumerateLines())
        {
            if (!line.StartsWith(metric, StringComparison.Ordinal) || line.Length <= metric.Length || (line[metric.Length] != '{' && line[metric.Length] != ' '))
            {
                continue;
            }
            var rest = line[(line.LastIndexOf('}') + 1)..].Trim();
            int space = rest.IndexOf(' ');
            if (double.TryParse(space < 0 ? rest : rest[..space], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            {
                max = max is { } m ? Math.Max(m, v) : v;
            }
        }
        return max;
    }

    public void Dispose() => _http.Dispose();
}

using System.IO.Compression;
using System.Text;
using Aggregator.Shared.Scraping;
using Aggregator.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Shared.Tests.Scraping;

public sealed class FederateClientTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("scrape-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ScrapeSourceOptions Options(Uri url) => new()
    {
        Name = "prom-a",
        Urls = [url],
        Match = ["{__name__=~\"http_.*\"}", "up"],
        Interval = TimeSpan.FromSeconds(15),
        Timeout = TimeSpan.FromSeconds(10),
    };

    private static async Task<string> FetchTextAsync(ScrapeSourceOptions options)
    {
        using var client = new FederateClient(options, TimeProvider.System);
        using var body = await client.FetchAsync(options.Urls[0], CancellationToken.None);
        return Encoding.UTF8.GetString(body.Span);
    }

    [Fact]
    public async Task FetchAsync_Request_SendsPrometheusAcceptGzipTimeoutAndMatchParams()
    {
        Dictionary<string, string>? headers = null;
        string[]? match = null;
        string? path = null;
        await using var server = await LoopbackHttpServer.StartAsync(ctx =>
        {
            // Note: Kestrel reuses the header collection after the request; copy it.
            headers = ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            match = ctx.Request.Query["match[]"].ToArray()!;
            path = ctx.Request.Path;
            return ctx.Response.WriteAsync("up 1\n");
        });
        Assert.Equal("up 1\n", await FetchTextAsync(Options(server.Url)));
        Assert.Equal("/federate", path);
        Assert.Equal(["{__name__=~\"http_.*\"}", "up"], match!);
        Assert.Equal(ScrapeAcceptHeaders.ProtobufFirst, headers!["Accept"]);
        Assert.StartsWith("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,", headers["Accept"]);
        Assert.Contains("gzip", headers["Accept-Encoding"]);
        Assert.Equal("10", headers["X-Prometheus-Scrape-Timeout-Seconds"]);
        Assert.False(headers.ContainsKey("Authorization"));
        Assert.Equal("Aggregator-Node", headers["User-Agent"]);
    }

    [Fact]
    public async Task FetchAsync_TextOnlyOption_SendsTextFirstAccept()
    {
        string? accept = null;
        await using var server = await LoopbackHttpServer.StartAsync(ctx =>
        {
            accept = ctx.Request.Headers.Accept;
            return Task.CompletedTask;
        });
        await FetchTextAsync(Options(server.Url) with { PreferProtobuf = false });
        Assert.Equal(ScrapeAcceptHeaders.TextFirst, accept);
    }

    [Fact]
    public void RequestUri_BaseWithPathPrefix_KeepsPrefixAndEscapesSelectors()
    {
        var options = Options(new Uri("http://127.0.0.1:9090/prom/")) with { Match = ["a{b=\"c&d\"}"] };
        using var client = new FederateClient(options, TimeProvider.System);
        Assert.Equal("http://127.0.0.1:9090/prom/federate?match%5B%5D=a%7Bb%3D%22c%26d%22%7D",
            client.RequestUri(options.Urls[0]).AbsoluteUri);
    }

    [Fact]
    public async Task FetchAsync_GzipResponse_IsDecompressed()
    {
        await using var server = await LoopbackHttpServer.StartAsync(async ctx =>
        {
            ctx.Response.Headers.ContentEncoding = "gzip";
            ctx.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await using var gzip = new GZipStream(ctx.Response.Body, CompressionLevel.Fastest, leaveOpen: true);
            await gzip.WriteAsync(Encoding.UTF8.GetBytes("http_requests_total{code=\"200\"} 7 1000\n"));
        });
        var options = Options(server.Url);
        using var client = new FederateClient(options, TimeProvider.System);
        using var body = await client.FetchAsync(options.Urls[0], CancellationToken.None);
        Assert.Equal("http_requests_total{code=\"200\"} 7 1000\n", Encoding.UTF8.GetString(body.Span));
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", body.ContentType);
    }

    [Fact]
    public async Task FetchAsync_BasicAuth_SendsUserAndPasswordFromFile()
    {
        string? authorization = null;
        await using var server = await LoopbackHttpServer.StartAsync(ctx =>
        {
            authorization = ctx.Request.Headers.Authorization;
            return Task.CompletedTask;
        });
        var passwordFile = Path.Combine(_dir, "password");
        await File.WriteAllTextAsync(passwordFile, "s3cret\n");
        var options = Options(server.Url) with
        {
            Auth = new ScrapeAuthOptions { BasicAuthUsername = "scraper", BasicAuthPasswordFile = passwordFile },
        };
        await FetchTextAsync(options);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("scraper:s3cret")), authorization);
    }

    [Fact]
    public async Task FetchAsync_BearerTokenFile_IsReReadEveryPoll()
    {
        var seen = new List<string>();
        await using var server = await LoopbackHttpServer.StartAsync(ctx =>
        {
            seen.Add(ctx.Request.Headers.Authorization!);
            return Task.CompletedTask;
        });
        var tokenFile = Path.Combine(_dir, "token");
        await File.WriteAllTextAsync(tokenFile, "first");
        var options = Options(server.Url) with { Auth = new ScrapeAuthOptions { BearerTokenFile = tokenFile } };
        using var client = new FederateClient(options, TimeProvider.System);
        (await client.FetchAsync(options.Urls[0], CancellationToken.None)).Dispose();
        await File.WriteAllTextAsync(tokenFile, "second\n");
        (await client.FetchAsync(options.Urls[0], CancellationToken.None)).Dispose();
        Assert.Equal(["Bearer first", "Bearer second"], seen);
    }

    [Fact]
    public async Task FetchAsync_MissingTokenFile_FailsWithCredentialsReason()
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => Task.CompletedTask);
        var options = Options(server.Url) with { Auth = new ScrapeAuthOptions { BearerTokenFile = Path.Combine(_dir, "absent") } };
        var e = await Assert.ThrowsAsync<ScrapeException>(() => FetchTextAsync(options));
        Assert.Equal(ScrapeFailureReason.Credentials, e.Reason);
        Assert.Contains("absent", e.Message);
    }

    [Fact]
    public async Task FetchAsync_Status500_FailsWithHttpStatus()
    {
        await using var server = await LoopbackHttpServer.StartAsync(ctx =>
        {
            ctx.Response.StatusCode = 500;
            return ctx.Response.WriteAsync("boom");
        });
        var e = await Assert.ThrowsAsync<ScrapeException>(() => FetchTextAsync(Options(server.Url)));
        Assert.Equal(ScrapeFailureReason.HttpStatus, e.Reason);
        Assert.Contains("500", e.Message);
    }

    [Fact]
    public async Task FetchAsync_StreamedBodyPastLimit_AbortsWithoutReadingTheRest()
    {
        var serverSawAbort = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackHttpServer.StartAsync(async ctx =>
        {
            using var aborted = ctx.RequestAborted.Register(() => serverSawAbort.TrySetResult());
            var chunk = Encoding.UTF8.GetBytes(new string('x', 1023) + "\n");
            try
            {
                // Note: an endless chunked body: it ends only when the client aborts the connection, which
                // Kestrel reports through RequestAborted (writes after that may be ignored or may throw).
                while (!ctx.RequestAborted.IsCancellationRequested)
                {
                    await ctx.Response.Body.WriteAsync(chunk, ctx.RequestAborted);
                    await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
                }
            }
            catch (Exception)
            {
                serverSawAbort.TrySetResult();
            }
        });
        var e = await Assert.ThrowsAsync<ScrapeException>(() => FetchTextAsync(Options(server.Url) with { BodySizeLimitBytes = 64 * 1024 }));
        Assert.Equal(ScrapeFailureReason.BodySizeLimit, e.Reason);
        Assert.Contains("65536", e.Message);
        // Note: the body never ends, so the server seeing the connection go away proves the client stopped
        // reading; the wait has no deadline to race, only a guard against hanging the run.
        await serverSawAbort.Task.WaitAsync(TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task FetchAsync_GzipBodyPastLimit_CountsDecompressedBytes()
    {
        await using var server = await LoopbackHttpServer.StartAsync(async ctx =>
        {
            ctx.Response.Headers.ContentEncoding = "gzip";
            await using var gzip = new GZipStream(ctx.Response.Body, CompressionLevel.Fastest, leaveOpen: true);
            await gzip.WriteAsync(new byte[200_000]);
        });
        var e = await Assert.ThrowsAsync<ScrapeException>(() => FetchTextAsync(Options(server.Url) with { BodySizeLimitBytes = 100_000 }));
        Assert.Equal(ScrapeFailureReason.BodySizeLimit, e.Reason);
    }

    [Fact]
    public async Task FetchAsync_BodyAtLimit_IsAccepted()
    {
        await using var server = await LoopbackHttpServer.StartAsync(ctx => ctx.Response.Body.WriteAsync(new byte[1000]).AsTask());
        using var client = new FederateClient(Options(server.Url) with { BodySizeLimitBytes = 1000 }, TimeProvider.System);
        using var body = await client.FetchAsync(server.Url, CancellationToken.None);
        Assert.Equal(1000, body.Length);
    }

    [Fact]
    public async Task FetchAsync_SlowServer_FailsWithTimeout()
    {
        await using var server = await LoopbackHttpServer.StartAsync(async ctx =>
        {
            await ctx.Response.WriteAsync("up 1\n");
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, ctx.RequestAborted);
        });
        var options = Options(server.Url) with { Timeout = TimeSpan.FromMilliseconds(300) };
        var e = await Assert.ThrowsAsync<ScrapeException>(() => FetchTextAsync(options));
        Assert.Equal(ScrapeFailureReason.Timeout, e.Reason);
        Assert.Contains("0.3s", e.Message);
    }

    [Fact]
    public async Task FetchAsync_ConnectionClosedBeforeContentLength_FailsAsTruncated()
    {
        // Note: a raw socket server, so that the connection ends with an orderly close mid-body (Kestrel's
        // abort sends a reset, which can discard the headers before the client reads them).
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var serve = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            var buffer = new byte[8192];
            int read = 0;
            while (!Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n"))
            {
                read += await socket.ReceiveAsync(buffer.AsMemory(read));
            }
            await socket.SendAsync(Encoding.ASCII.GetBytes(
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 10000\r\n\r\nup 1\nhttp_req"));
            socket.Shutdown(System.Net.Sockets.SocketShutdown.Both);
        });
        var e = await Assert.ThrowsAsync<ScrapeException>(() => FetchTextAsync(Options(new Uri($"http://127.0.0.1:{port}/"))));
        await serve;
        Assert.True(e.Reason == ScrapeFailureReason.Truncated, e.Reason + ": " + e.Message);
    }

    [Fact]
    public async Task FetchAsync_NothingListening_FailsWithNetwork()
    {
        var url = new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}/");
        var e = await Assert.ThrowsAsync<ScrapeException>(() => FetchTextAsync(Options(url)));
        Assert.Equal(ScrapeFailureReason.Network, e.Reason);
        Assert.Contains("ConnectionRefused", e.Message);
    }
}

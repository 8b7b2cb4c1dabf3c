using System.Net;
using System.Net.Http.Headers;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Shared.Scraping;

namespace Aggregator.Shared.Tests.RemoteWrite;

public sealed class RemoteWriteClientTests : IDisposable
{
    private static readonly Uri Url = new("http://receiver.test/api/v1/write");
    private readonly StepClock _clock = new();
    private readonly ScriptedHandler _handler = new();
    private readonly HttpClient _http;
    private readonly string _dir = Directory.CreateTempSubdirectory("rwclient").FullName;

    public RemoteWriteClientTests()
    {
        _http = new HttpClient(_handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private RemoteWriteClient Client(RemoteWriteClientOptions? options = null) =>
        new(_http, options ?? new RemoteWriteClientOptions { Url = Url }, _clock, new Random(1));

    /// <summary>Runs a send, advancing virtual time to each timer no further than <paramref name="maxStep"/> away; returns the waits.</summary>
    private async Task<(RemoteWriteResult Result, List<TimeSpan> Waits)> DriveAsync(Task<RemoteWriteResult> send, TimeSpan? maxStep = null)
    {
        var waits = new List<TimeSpan>();
        var limit = maxStep ?? TimeSpan.FromSeconds(10);
        while (!send.IsCompleted)
        {
            await Task.Delay(1);
            if (_clock.NextDueIn is TimeSpan due && due <= limit && !send.IsCompleted)
            {
                waits.Add(due);
                _clock.Advance(due);
            }
        }
        return (await send, waits);
    }

    [Fact]
    public async Task SendAsync_204_SentWithPrometheusHeaders()
    {
        _handler.Script.Enqueue(_ => new HttpResponseMessage(HttpStatusCode.NoContent));
        var client = Client();

        var result = await client.SendAsync(new byte[] { 1, 2, 3 });

        Assert.Equal(new RemoteWriteResult(RemoteWriteOutcome.Sent, 1, 204, null), result);
        var request = Assert.Single(_handler.Requests);
        Assert.Equal([1, 2, 3], request.Body);
        Assert.Equal("snappy", request.Headers["Content-Encoding"]);
        Assert.Equal("application/x-protobuf", request.Headers["Content-Type"]);
        Assert.Equal("0.1.0", request.Headers["X-Prometheus-Remote-Write-Version"]);
        Assert.Equal(RemoteWriteHeaders.UserAgent, request.Headers["User-Agent"]);
        Assert.False(request.Headers.ContainsKey("Retry-Attempt"));
        Assert.Equal(1, client.Metrics.SentBatches);
        Assert.Equal(3, client.Metrics.SentBytes);
    }

    [Fact]
    public async Task SendAsync_5xxAndNetworkErrorThen204_RetriedWithGrowingJitteredBackoff()
    {
        _handler.Script.Enqueue(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        _handler.Script.Enqueue(_ => throw new HttpRequestException("connection refused"));
        _handler.Script.Enqueue(_ => new HttpResponseMessage(HttpStatusCode.InternalServerError));
        _handler.Script.Enqueue(_ => new HttpResponseMessage(HttpStatusCode.NoContent));
        var client = Client(new RemoteWriteClientOptions { Url = Url, MinBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromMilliseconds(300) });

        var (result, waits) = await DriveAsync(client.SendAsync(new byte[] { 9 }));

        Assert.Equal(RemoteWriteOutcome.Sent, result.Outcome);
        Assert.Equal(4, result.Attempts);
        Assert.Equal(3, waits.Count);
        // Note: ceilings 100, 200, 300 (capped) ms; jitter keeps each wait within [ceiling/2, ceiling].
        Assert.InRange(waits[0].TotalMilliseconds, 50, 100);
        Assert.InRange(waits[1].TotalMilliseconds, 100, 200);
        Assert.InRange(waits[2].TotalMilliseconds, 150, 300);
        Assert.Equal(["1", "2", "3"], _handler.Requests.Skip(1).Select(r => r.Headers["Retry-Attempt"]));
        Assert.Equal(3, client.Metrics.Retries);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task SendAsync_4xx_DroppedAfterOneAttemptWithReceiverText(HttpStatusCode status)
    {
        _handler.Script.Enqueue(_ => new HttpResponseMessage(status) { Content = new StringContent("series 0: bad\n" + new string('x', 5000)) });
        var client = Client();

        var result = await client.SendAsync(new byte[] { 1 });

        Assert.Equal(RemoteWriteOutcome.Dropped, result.Outcome);
        Assert.Equal((int)status, result.StatusCode);
        Assert.StartsWith($"HTTP {(int)status}: series 0: bad", result.Error);
        Assert.True(result.Error!.Length < 1100, "error text is capped at 1024 body bytes");
        Assert.Equal(1, client.Metrics.DroppedBatches);
    }

    [Fact]
    public async Task SendAsync_429WithRetryOn429_RetriedAfterRetryAfterSeconds()
    {
        _handler.Script.Enqueue(_ =>
        {
            var r = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            return r;
        });
        _handler.Script.Enqueue(_ => new HttpResponseMessage(HttpStatusCode.OK));
        var client = Client(new RemoteWriteClientOptions { Url = Url, RetryOnTooManyRequests = true });

        var (result, waits) = await DriveAsync(client.SendAsync(new byte[] { 1 }));

        Assert.Equal(RemoteWriteOutcome.Sent, result.Outcome);
        Assert.Equal([TimeSpan.FromSeconds(7)], waits);
    }

    [Fact]
    public async Task SendAsync_NoAnswerWithinAttemptTimeout_RetriedThenGivesUpAtMaxAttempts()
    {
        _handler.Script.Enqueue(_ => null);
        _handler.Script.Enqueue(_ => null);
        var client = Client(new RemoteWriteClientOptions { Url = Url, AttemptTimeout = TimeSpan.FromSeconds(20), MaxAttempts = 2 });

        var (result, waits) = await DriveAsync(client.SendAsync(new byte[] { 1 }), maxStep: TimeSpan.FromSeconds(30));

        Assert.Equal(RemoteWriteOutcome.GaveUp, result.Outcome);
        Assert.Equal(2, result.Attempts);
        Assert.Contains("no answer within", result.Error);
        Assert.Equal(TimeSpan.FromSeconds(20), waits[0]);
        Assert.Equal(1, client.Metrics.GaveUp);
    }

    [Fact]
    public async Task SendAsync_CancelledDuringBackoff_Throws()
    {
        _handler.Script.Enqueue(_ => new HttpResponseMessage(HttpStatusCode.BadGateway));
        var client = Client();
        using var cts = new CancellationTokenSource();

        var send = client.SendAsync(new byte[] { 1 }, cts.Token);
        while (_clock.NextDueIn is null)
        {
            await Task.Delay(1);
        }
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
    }

    [Fact]
    public async Task SendAsync_BearerTokenFile_ReadPerRequestAndTrimmed()
    {
        var tokenFile = Path.Combine(_dir, "token");
        File.WriteAllText(tokenFile, "s3cret\n");
        _handler.Script.Enqueue(_ => new HttpResponseMessage(HttpStatusCode.NoContent));
        _handler.Script.Enqueue(_ => new HttpResponseMessage(HttpStatusCode.NoContent));
        var client = Client(new RemoteWriteClientOptions { Url = Url, Auth = new ScrapeAuthOptions { BearerTokenFile = tokenFile } });

        await client.SendAsync(new byte[] { 1 });
        File.WriteAllText(tokenFile, "rotated");
        await client.SendAsync(new byte[] { 1 });

        Assert.Equal(["Bearer s3cret", "Bearer rotated"], _handler.Requests.Select(r => r.Headers["Authorization"]));
    }

    [Fact]
    public async Task SendAsync_BasicAuth_SendsBase64UserAndPassword()
    {
        var passwordFile = Path.Combine(_dir, "password");
        File.WriteAllText(passwordFile, "pw");
        _handler.Script.Enqueue(_ => new HttpResponseMessage(HttpStatusCode.NoContent));
        var client = Client(new RemoteWriteClientOptions { Url = Url, Auth = new ScrapeAuthOptions { BasicAuthUsername = "node", BasicAuthPasswordFile = passwordFile } });

        await client.SendAsync(new byte[] { 1 });

        Assert.Equal("Basic " + Convert.ToBase64String("node:pw"u8.ToArray()), _handler.Requests[0].Headers["Authorization"]);
    }

    [Fact]
    public void Validate_BadSettings_ReportsEveryProblem()
    {
        var options = new RemoteWriteClientOptions
        {
            Url = new Uri("ftp://x/"), AttemptTimeout = TimeSpan.Zero, MinBackoff = TimeSpan.FromSeconds(2),
            MaxBackoff = TimeSpan.FromSeconds(1), MaxAttempts = 0, Tls = new ScrapeTlsOptions { CertFile = "/nonexistent.pem" },
        };

        var errors = options.Validate("remote-write[0]");

        Assert.Equal(6, errors.Count);
        Assert.All(errors, e => Assert.StartsWith("remote-write[0]: ", e));
    }

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Answers from a script; a null answer never responds (until cancelled).</summary>
    private sealed class ScriptedHandler : HttpMessageHandler
    {
        public Queue<Func<HttpRequestMessage, HttpResponseMessage?>> Script { get; } = new();

        public List<(byte[] Body, Dictionary<string, string> Headers)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            var headers = request.Headers.Concat(request.Content.Headers)
                .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
            lock (Requests)
            {
                Requests.Add((body, headers));
            }
            var response = Script.Dequeue()(request);
            if (response is null)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            return response!;
        }
    }
}

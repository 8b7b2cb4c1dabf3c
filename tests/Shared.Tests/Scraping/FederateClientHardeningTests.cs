using System.Text;
using Aggregator.Shared.Scraping;
using Aggregator.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Shared.Tests.Scraping;

/// <summary>What a hostile or misconfigured source can no longer do to a Node.</summary>
public class FederateClientHardeningTests
{
    private static ScrapeSourceOptions Options(Uri url) => new()
    {
        Name = "prom-a",
        Urls = [url],
        Match = ["up"],
        Interval = TimeSpan.FromSeconds(15),
        Timeout = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task FetchAsync_Redirect_NotFollowedAndFailsNamingItWithoutItsPassword()
    {
        int followed = 0;
        await using var target = await LoopbackHttpServer.StartAsync(ctx =>
        {
            Interlocked.Increment(ref followed);
            return ctx.Response.WriteAsync("up 1\n");
        });
        await using var server = await LoopbackHttpServer.StartAsync(ctx =>
        {
            ctx.Response.StatusCode = 302;
            ctx.Response.Headers.Location = new Uri(target.Url, "/internal").ToString().Replace("http://", "http://admin:hunter2@", StringComparison.Ordinal);
            return Task.CompletedTask;
        });
        using var client = new FederateClient(Options(server.Url), TimeProvider.System);

        var e = await Assert.ThrowsAsync<ScrapeException>(() => client.FetchAsync(server.Url, CancellationToken.None));

        Assert.Equal(ScrapeFailureReason.Redirect, e.Reason);
        Assert.Contains("302", e.Message);
        Assert.Contains("redirects are not followed", e.Message);
        Assert.Contains("admin:xxxxx@", e.Message);
        Assert.DoesNotContain("hunter2", e.Message);
        Assert.Equal(0, followed);
    }

    [Fact]
    public async Task FetchAsync_BodySizeLimitZero_MeansNoLimit()
    {
        var payload = new byte[3 << 20];
        await using var server = await LoopbackHttpServer.StartAsync(ctx => ctx.Response.Body.WriteAsync(payload).AsTask());
        using var client = new FederateClient(Options(server.Url) with { BodySizeLimitBytes = 0 }, TimeProvider.System);

        using var body = await client.FetchAsync(server.Url, CancellationToken.None);

        Assert.Equal(payload.Length, body.Length);
    }

    [Theory]
    [InlineData(16 * 1024, 32 * 1024)]
    [InlineData(1 << 30, 0x7FFFFFC7)]
    [InlineData(0x7FFFFFC7, null)]
    public void GrownSize_UpToTheLargestArray_ThenNoMore(int current, int? expected)
    {
        Assert.Equal(expected, FederateClient.GrownSize(current));
        Assert.Equal(0x7FFFFFC7, Array.MaxLength);
    }

    [Fact]
    public void Decode_ProtobufLengthBeyondTheBody_FailedPollWithoutThePassword()
    {
        var decoder = new ExpositionScrapeDecoder();
        // Note: a delimited protobuf message that declares a length far beyond the body.
        using var body = Body([0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x0A, 0x01, 0x61], "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited", new Uri("http://u:secret@127.0.0.1:9090/federate"));

        var e = Record.Exception(() => decoder.Decode(body, new NullVisitor()));

        var scrape = Assert.IsType<ScrapeException>(e);
        Assert.Equal(ScrapeFailureReason.Parse, scrape.Reason);
        Assert.DoesNotContain("secret", scrape.Message);
    }

    [Fact]
    public void Decode_VisitorThrows_TheVisitorsExceptionNotAParseFailure()
    {
        var decoder = new ExpositionScrapeDecoder();
        using var body = Body(Encoding.UTF8.GetBytes("up 1\n"), "text/plain; version=0.0.4", new Uri("http://127.0.0.1:9090/federate"));

        Assert.Throws<InvalidOperationException>(() => decoder.Decode(body, new ThrowingVisitor()));
    }

    private static ScrapeBody Body(byte[] content, string contentType, Uri url)
    {
        var pooled = System.Buffers.ArrayPool<byte>.Shared.Rent(content.Length);
        content.CopyTo(pooled, 0);
        return new ScrapeBody(pooled, content.Length, contentType, url);
    }

    private sealed class NullVisitor : IScrapedSampleVisitor
    {
        public void OnSample(Aggregator.Shared.Model.LabelSet series, double value, long? timestampMs)
        {
        }
    }

    private sealed class ThrowingVisitor : IScrapedSampleVisitor
    {
        public void OnSample(Aggregator.Shared.Model.LabelSet series, double value, long? timestampMs) => throw new InvalidOperationException("store full");
    }
}

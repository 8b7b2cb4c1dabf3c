using System.Net;
using Aggregator.Shared.RemoteWrite;
using Google.Protobuf;
using IronSnappy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Proto = Aggregator.Shared.RemoteWrite.Protos;

namespace Aggregator.Shared.Tests.RemoteWrite;

public sealed class RemoteWriteEndpointsTests : IAsyncDisposable
{
    private readonly List<WriteBatch> _received = [];
    private readonly RemoteWriteReceiverMetrics _metrics = new();
    private WebApplication? _app;
    private Func<WriteBatch, ValueTask>? _sinkOverride;

    private async Task<HttpClient> StartAsync(RemoteWriteLimits? limits = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        _app = builder.Build();
        _app.MapRemoteWrite("/api/v1/write", (batch, _) =>
        {
            if (_sinkOverride is not null)
            {
                return _sinkOverride(batch);
            }
            lock (_received)
            {
                _received.Add(batch);
            }
            return ValueTask.CompletedTask;
        }, limits, _metrics);
        await _app.StartAsync();
        return _app.GetTestClient();
    }

    private static HttpContent Body(byte[] compressed)
    {
        var content = new ByteArrayContent(compressed);
        content.Headers.ContentType = new(RemoteWriteHeaders.ContentType);
        content.Headers.ContentEncoding.Add(RemoteWriteHeaders.ContentEncoding);
        return content;
    }

    [Fact]
    public async Task Post_ValidBody_204AndSinkReceivesBatch()
    {
        var client = await StartAsync();
        var batch = RemoteWriteTestData.Small();

        using var response = await client.PostAsync("/api/v1/write", Body(Snappy.Encode(RemoteWriteTestData.ProtoBytes(batch))));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        RemoteWriteTestData.AssertSame(batch, Assert.Single(_received));
        Assert.Equal(1, _metrics.AcceptedRequests);
        Assert.Equal(3, _metrics.SamplesReceived);
    }

    [Fact]
    public async Task Post_InvalidLabel_400NamingSeriesAndLabelAndCounted()
    {
        var client = await StartAsync();
        var ts = new Proto.TimeSeries { Labels = { new Proto.Label { Name = "__name__", Value = "m" }, new Proto.Label { Name = "bad-name", Value = "v" } } };
        var request = new Proto.WriteRequest { Timeseries = { ts } };

        using var response = await client.PostAsync("/api/v1/write", Body(Snappy.Encode(request.ToByteArray())));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("series 0, label \"bad-name\": invalid label name\n", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, _metrics.Rejected(RemoteWriteErrorKind.InvalidLabelName));
        Assert.Empty(_received);
    }

    [Fact]
    public async Task Post_ContentLengthOverLimit_400WithoutCallingSink()
    {
        var limits = new RemoteWriteLimits { MaxDecodedBytes = 100 };
        var client = await StartAsync(limits);

        using var response = await client.PostAsync("/api/v1/write", Body(new byte[limits.MaxCompressedBytes + 1]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("exceeds the limit", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, _metrics.Rejected(RemoteWriteErrorKind.BodyTooLarge));
    }

    [Fact]
    public async Task Post_ChunkedBodyOverLimit_400()
    {
        var limits = new RemoteWriteLimits { MaxDecodedBytes = 100 };
        var client = await StartAsync(limits);
        var content = new ChunkedContent(new byte[limits.MaxCompressedBytes + 10], chunk: 7);

        using var response = await client.PostAsync("/api/v1/write", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, _metrics.Rejected(RemoteWriteErrorKind.BodyTooLarge));
    }

    [Fact]
    public async Task Post_SinkThrows_500SoSenderRetries()
    {
        var client = await StartAsync();
        _sinkOverride = _ => throw new InvalidOperationException("store is full");

        using var response = await client.PostAsync("/api/v1/write", Body(Snappy.Encode(RemoteWriteTestData.ProtoBytes(RemoteWriteTestData.Small()))));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("store is full", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, _metrics.SinkFailures);
    }

    [Fact]
    public async Task Post_BodyInTwoChunksAtEveryOffsetAndOneBytePerChunk_SameBatch()
    {
        var client = await StartAsync();
        var batch = RemoteWriteTestData.Small();
        var body = Snappy.Encode(RemoteWriteTestData.ProtoBytes(batch));

        for (int split = 0; split <= body.Length; split++)
        {
            using var response = await client.PostAsync("/api/v1/write", new ChunkedContent(body, splitAt: split));
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
        using (var oneByte = await client.PostAsync("/api/v1/write", new ChunkedContent(body, chunk: 1)))
        {
            Assert.Equal(HttpStatusCode.NoContent, oneByte.StatusCode);
        }

        Assert.Equal(body.Length + 2, _received.Count);
        foreach (var received in _received)
        {
            RemoteWriteTestData.AssertSame(batch, received);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>A body without Content-Length, written in given pieces.</summary>
    private sealed class ChunkedContent(byte[] data, int chunk = 0, int splitAt = -1) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            if (splitAt >= 0)
            {
                await stream.WriteAsync(data.AsMemory(0, splitAt));
                await stream.FlushAsync();
                await stream.WriteAsync(data.AsMemory(splitAt));
                return;
            }
            for (int i = 0; i < data.Length; i += chunk)
            {
                await stream.WriteAsync(data.AsMemory(i, Math.Min(chunk, data.Length - i)));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

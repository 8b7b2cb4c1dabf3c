using System.Net;
using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.Exposition;
using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Tests.Common;
using Google.Protobuf;
using IronSnappy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Proto = Aggregator.Shared.RemoteWrite.Protos;

namespace Aggregator.Shared.Tests.RemoteWrite;

/// <summary>Each hostile request: its 4xx, the limit named in the body, and the counter with its reason on /metrics.</summary>
public sealed class RemoteWriteEndpointsLimitsTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);

    private readonly MetricsRegistry _registry = new();
    private readonly List<WriteBatch> _received = [];
    private WebApplication? _app;
    private RemoteWriteReceiverMetrics? _metrics;
    private Func<WriteBatch, ValueTask>? _sink;

    /// <summary>A receiver with <paramref name="limits"/> on a test server; its clock stands at <see cref="Now"/> unless <paramref name="time"/> is given.</summary>
    private async Task<HttpClient> StartAsync(RemoteWriteLimits? limits = null, TimeSpan? bodyReadTimeout = null, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        _app = builder.Build();
        _metrics = new RemoteWriteReceiverMetrics(_registry);
        _app.MapRemoteWrite("/api/v1/write", (batch, _) =>
        {
            if (_sink is not null)
            {
                return _sink(batch);
            }
            _received.Add(batch);
            return ValueTask.CompletedTask;
        }, limits, _metrics, time ?? new ManualTimeProvider(Now), bodyReadTimeout);
        await _app.StartAsync();
        return _app.GetTestClient();
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, Proto.WriteRequest request) =>
        client.PostAsync("/api/v1/write", Body(request));

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, params Proto.TimeSeries[] series) =>
        PostAsync(client, new Proto.WriteRequest { Timeseries = { series } });

    private static ByteArrayContent Body(Proto.WriteRequest request)
    {
        var content = new ByteArrayContent(Snappy.Encode(request.ToByteArray()));
        content.Headers.ContentType = new(RemoteWriteHeaders.ContentType);
        return content;
    }

    private static Proto.TimeSeries Series(long timestampMs, params string[] namesAndValues)
    {
        var ts = new Proto.TimeSeries { Samples = { new Proto.Sample { Timestamp = timestampMs, Value = 1 } } };
        for (int i = 0; i < namesAndValues.Length; i += 2)
        {
            ts.Labels.Add(new Proto.Label { Name = namesAndValues[i], Value = namesAndValues[i + 1] });
        }
        return ts;
    }

    private string Metrics()
    {
        using var stream = new MemoryStream();
        var writer = ExpositionWriter.Create(stream, ContentNegotiation.Negotiate(null, null));
        _registry.WriteTo(writer);
        writer.CompleteAsync(default).AsTask().GetAwaiter().GetResult();
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private async Task<string> AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, RemoteWriteErrorKind kind)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.StatusCode}: {body}");
        Assert.Equal(1, _metrics!.Rejected(kind));
        Assert.Contains($"aggregator_remote_write_rejected_total{{reason=\"{kind.Reason()}\"}} 1", Metrics());
        Assert.Empty(_received);
        return body;
    }

    [Fact]
    public async Task Post_OneMebibyteLabelValue_400NamesLimitAndSeriesWithoutEchoingTheValue()
    {
        var client = await StartAsync();
        var huge = new string('x', 1 << 20);

        using var response = await PostAsync(client, Series(Now.ToUnixTimeMilliseconds(), "__name__", "up", "job", huge));

        var body = await AssertRefusedAsync(response, HttpStatusCode.BadRequest, RemoteWriteErrorKind.LabelValueTooLong);
        Assert.Contains("limit label-value-length", body);
        Assert.Contains("series 0 {__name__=\"up\", job=\"xxxx", body);
        Assert.Contains("label \"job\"", body);
        Assert.Contains("(1048576 bytes)", body);
        Assert.True(body.Length < 600, body);
    }

    [Fact]
    public async Task Post_LabelNameOverLimit_400NamesLabelNameLength()
    {
        var client = await StartAsync(new RemoteWriteLimits { MaxLabelNameBytes = 8 });

        using var response = await PostAsync(client, Series(Now.ToUnixTimeMilliseconds(), "__name__", "up", "a_very_long_name", "v"));

        var body = await AssertRefusedAsync(response, HttpStatusCode.BadRequest, RemoteWriteErrorKind.LabelNameTooLong);
        Assert.Contains("label name of 16 bytes exceeds the limit of 8 (limit label-name-length)", body);
        Assert.Contains("{__name__=\"up\", a_very_long_name=\"v\"}", body);
    }

    [Fact]
    public async Task Post_MoreSamplesThanAllowed_400NamesSamplesPerRequest()
    {
        var client = await StartAsync(new RemoteWriteLimits { MaxSamplesPerRequest = 2 });
        long now = Now.ToUnixTimeMilliseconds();

        using var response = await PostAsync(client, Series(now, "__name__", "a"), Series(now, "__name__", "b"), Series(now, "__name__", "c"));

        var body = await AssertRefusedAsync(response, HttpStatusCode.BadRequest, RemoteWriteErrorKind.TooManySamples);
        Assert.Equal("series 2 {__name__=\"c\"}: more than 2 samples in one request (limit samples-per-request)\n", body);
    }

    [Fact]
    public async Task Post_MoreSeriesThanAllowed_400NamesSeriesPerRequest()
    {
        var client = await StartAsync(new RemoteWriteLimits { MaxSeriesPerRequest = 2 });
        long now = Now.ToUnixTimeMilliseconds();

        using var response = await PostAsync(client, Series(now, "__name__", "a"), Series(now, "__name__", "b"), Series(now, "__name__", "c"));

        var body = await AssertRefusedAsync(response, HttpStatusCode.BadRequest, RemoteWriteErrorKind.TooManySeries);
        Assert.Contains("more than 2 series in one request (limit series-per-request)", body);
    }

    [Fact]
    public async Task Post_DecodedBodyOverLimit_400NamesDecodedBodySize()
    {
        // Note: a small snappy body that decodes to more than the limit (a long run of one label value).
        var client = await StartAsync(new RemoteWriteLimits { MaxDecodedBytes = 1000 });

        using var response = await PostAsync(client, Series(Now.ToUnixTimeMilliseconds(), "__name__", "up", "job", new string('x', 1500)));

        var body = await AssertRefusedAsync(response, HttpStatusCode.BadRequest, RemoteWriteErrorKind.DecodedBodyTooLarge);
        Assert.Contains("exceeds the limit of 1000 (limit decoded-body-size)", body);
    }

    [Fact]
    public async Task Post_SampleADayAhead_400NamesFutureGraceAndSeries()
    {
        var client = await StartAsync();

        using var response = await PostAsync(client, Series(Now.AddDays(1).ToUnixTimeMilliseconds(), "__name__", "up", "job", "a"));

        var body = await AssertRefusedAsync(response, HttpStatusCode.BadRequest, RemoteWriteErrorKind.SampleTooNew);
        Assert.Contains("series 0 {__name__=\"up\", job=\"a\"}", body);
        Assert.Contains("limit sample-future-grace", body);
    }

    [Fact]
    public async Task Post_SampleWithinFutureGrace_Accepted()
    {
        var client = await StartAsync();

        using var response = await PostAsync(client, Series(Now.AddMinutes(9).ToUnixTimeMilliseconds(), "__name__", "up"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Single(_received);
    }

    [Fact]
    public async Task Post_SampleOlderThanMaxAge_400NamesMaxAge()
    {
        var client = await StartAsync(new RemoteWriteLimits { MaxSampleAge = TimeSpan.FromHours(1) });

        using var response = await PostAsync(client, Series(Now.AddHours(-2).ToUnixTimeMilliseconds(), "__name__", "up"));

        var body = await AssertRefusedAsync(response, HttpStatusCode.BadRequest, RemoteWriteErrorKind.SampleTooOld);
        Assert.Contains("limit sample-max-age", body);
    }

    [Fact]
    public async Task Post_NativeHistogram_400NamesThemInsteadOf204AndDrop()
    {
        var client = await StartAsync();
        var batch = new WriteBatch([new WriteSeries(LabelSet.Of("__name__", "latency"), [], [RemoteWriteTestData.IntegerHistogram() with { TimestampMs = Now.ToUnixTimeMilliseconds() }])]);
        var content = new ByteArrayContent(Snappy.Encode(RemoteWriteTestData.ProtoBytes(batch)));

        using var response = await client.PostAsync("/api/v1/write", content);

        var body = await AssertRefusedAsync(response, HttpStatusCode.BadRequest, RemoteWriteErrorKind.NativeHistogramsUnsupported);
        Assert.Contains("native histogram", body);
        Assert.Contains("{__name__=\"latency\"}", body);
    }

    [Fact]
    public async Task Post_SeriesWithExemplars_400NamesThemInsteadOf204AndDrop()
    {
        var client = await StartAsync();
        long now = Now.ToUnixTimeMilliseconds();
        var withExemplars = Series(now, "__name__", "requests_total", "job", "api");
        withExemplars.Exemplars.Add(new Proto.Exemplar { Labels = { new Proto.Label { Name = "trace_id", Value = "abc" } }, Value = 1, Timestamp = now });
        withExemplars.Exemplars.Add(new Proto.Exemplar { Value = 2, Timestamp = now });

        using var response = await PostAsync(client, Series(now, "__name__", "up"), withExemplars);

        var body = await AssertRefusedAsync(response, HttpStatusCode.BadRequest, RemoteWriteErrorKind.ExemplarsUnsupported);
        Assert.Equal("series 1 {__name__=\"requests_total\", job=\"api\"}: 2 exemplar(s): this receiver keeps no exemplars; set send_exemplars: false in the sender's remote_write\n", body);
    }

    [Fact]
    public async Task Post_ExemplarsAcceptedByTheLimits_204AndTheirCountKept()
    {
        var client = await StartAsync(new RemoteWriteLimits { AcceptExemplars = true });
        long now = Now.ToUnixTimeMilliseconds();
        var withExemplar = Series(now, "__name__", "requests_total");
        withExemplar.Exemplars.Add(new Proto.Exemplar { Value = 1, Timestamp = now });

        using var response = await PostAsync(client, withExemplar);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(1, Assert.Single(Assert.Single(_received).Series).ExemplarCount);
    }

    [Fact]
    public async Task Post_TooManyMetadataEntries_400NamesMetadataPerRequest()
    {
        var client = await StartAsync(new RemoteWriteLimits { MaxMetadataPerRequest = 1 });
        var request = new Proto.WriteRequest
        {
            Metadata = { new Proto.MetricMetadata { MetricFamilyName = "a" }, new Proto.MetricMetadata { MetricFamilyName = "b" } },
        };

        using var response = await PostAsync(client, request);

        var body = await AssertRefusedAsync(response, HttpStatusCode.BadRequest, RemoteWriteErrorKind.TooManyMetadata);
        Assert.Contains("limit metadata-per-request", body);
    }

    [Fact]
    public async Task Post_SinkRefusesSiteOverItsSeriesLimit_429CountedPerSite()
    {
        var client = await StartAsync();
        // Note: the refusal a ring's site entities give a site over its limit (RingReceive), naming the series.
        _sink = batch => throw new RemoteWriteRejectedException(new RemoteWriteError(RemoteWriteErrorKind.SeriesPerSite,
            "site \"dc1\" reached its limit of 1 live series: 1 new series refused (limit series-per-site)",
            1, Series: RemoteWriteSeriesText.Of(batch.Series[1].Labels)), "dc1");
        long now = Now.ToUnixTimeMilliseconds();

        using var response = await PostAsync(client, Series(now, "__name__", "a", "site", "dc1"), Series(now, "__name__", "b", "site", "dc1"));

        var body = await AssertRefusedAsync(response, HttpStatusCode.TooManyRequests, RemoteWriteErrorKind.SeriesPerSite);
        Assert.Contains("site \"dc1\"", body);
        Assert.Contains("{__name__=\"b\", site=\"dc1\"}", body);
        Assert.Contains("limit series-per-site", body);
        Assert.Contains("aggregator_remote_write_site_rejected_total{reason=\"series_per_site\",site=\"dc1\"} 1", Metrics());
    }

    [Fact]
    public async Task Post_ChunkedBodyNotFinishedInTime_408NamesBodyReadTimeout()
    {
        var client = await StartAsync(bodyReadTimeout: TimeSpan.FromMilliseconds(200), time: TimeProvider.System);

        using var response = await client.PostAsync("/api/v1/write", new NeverEndingContent());

        var body = await AssertRefusedAsync(response, HttpStatusCode.RequestTimeout, RemoteWriteErrorKind.BodyReadTimeout);
        Assert.Contains("server.body-read-timeout", body);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>A chunked body that sends one byte and then nothing (a slowloris writer).</summary>
    private sealed class NeverEndingContent : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(new byte[] { 1 });
            await stream.FlushAsync();
            await Task.Delay(Timeout.Infinite, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

using System.Text;
using Aggregator.Shared.Exposition.Protos;
using Aggregator.Shared.Model;
using Aggregator.Shared.Scraping;
using Google.Protobuf;
using BucketSpan = Aggregator.Shared.Exposition.Protos.BucketSpan;
using MetricType = Aggregator.Shared.Exposition.Protos.MetricType;

namespace Aggregator.Shared.Tests.Scraping;

/// <summary>
/// What a polled body holds but the store cannot keep (native histograms, exemplars) is told to the
/// visitor with its reason, never passed over silently; the float samples beside it are kept.
/// </summary>
public class ExpositionScrapeDecoderDropsTests
{
    private const string ProtobufType = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

    [Fact]
    public void Decode_OpenMetricsWithExemplars_SamplesKeptExemplarsCounted()
    {
        const string body = """
            # TYPE requests counter
            requests_total{job="api"} 7 # {trace_id="a1"} 1 1700000000.0
            requests_created{job="api"} 1700000000
            # TYPE latency histogram
            latency_bucket{le="0.5"} 1 # {trace_id="b2"} 0.2
            latency_bucket{le="+Inf"} 2
            latency_sum 0.9
            latency_count 2
            # EOF

            """;
        var visitor = new Recording();

        new ExpositionScrapeDecoder().Decode(Body(Encoding.UTF8.GetBytes(body), "application/openmetrics-text; version=1.0.0"), visitor);

        Assert.Contains(visitor.Samples, s => s.MetricName == "requests_total");
        Assert.Equal(6, visitor.Samples.Count);
        Assert.Equal(2, visitor.Dropped[ScrapeDropReason.Exemplar]);
        Assert.False(visitor.Dropped.ContainsKey(ScrapeDropReason.NativeHistogram));
    }

    [Fact]
    public void Decode_ProtobufNativeHistogramAndExemplars_CountedByReason()
    {
        var counter = new MetricFamily { Name = "requests_total", Type = MetricType.Counter };
        counter.Metric.Add(new Metric { Counter = new Counter { Value = 7, Exemplar = new Exemplar { Value = 1 } } });
        var native = new MetricFamily { Name = "latency", Type = MetricType.Histogram };
        native.Metric.Add(new Metric
        {
            Histogram = new Histogram
            {
                SampleCountFloat = 2,
                SampleSum = 0.9,
                Schema = 0,
                ZeroThreshold = 0.001,
                PositiveSpan = { new BucketSpan { Offset = 0, Length = 1 } },
                PositiveCount = { 2 },
                Exemplars = { new Exemplar { Value = 0.2 } },
            },
        });
        using var stream = new MemoryStream();
        counter.WriteDelimitedTo(stream);
        native.WriteDelimitedTo(stream);
        var visitor = new Recording();

        new ExpositionScrapeDecoder().Decode(Body(stream.ToArray(), ProtobufType), visitor);

        Assert.Equal("requests_total", Assert.Single(visitor.Samples).MetricName);
        Assert.Equal(1, visitor.Dropped[ScrapeDropReason.NativeHistogram]);
        Assert.Equal(2, visitor.Dropped[ScrapeDropReason.Exemplar]);
    }

    [Fact]
    public void Decode_TextWithoutEither_NothingCounted()
    {
        var visitor = new Recording();

        new ExpositionScrapeDecoder().Decode(Body("up 1\n"u8.ToArray(), "text/plain; version=0.0.4"), visitor);

        Assert.Single(visitor.Samples);
        Assert.Empty(visitor.Dropped);
    }

    private static ScrapeBody Body(byte[] content, string contentType)
    {
        var pooled = System.Buffers.ArrayPool<byte>.Shared.Rent(content.Length);
        content.CopyTo(pooled, 0);
        return new ScrapeBody(pooled, content.Length, contentType, new Uri("http://127.0.0.1:9090/federate"));
    }

    private sealed class Recording : IScrapedSampleVisitor
    {
        public List<LabelSet> Samples { get; } = [];

        public Dictionary<ScrapeDropReason, long> Dropped { get; } = [];

        public void OnSample(LabelSet labels, double value, long? timestampMs) => Samples.Add(labels);

        public void OnDropped(ScrapeDropReason reason, long count) => Dropped[reason] = Dropped.GetValueOrDefault(reason) + count;
    }
}

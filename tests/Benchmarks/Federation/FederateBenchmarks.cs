using Aggregator.Shared.Federation;
using Aggregator.Shared.Model;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Benchmarks.Federation;

/// <summary>
/// The Node's <c>/federate</c> of every series (handler, store selection, writer; no Kestrel) over the side-by-side
/// harness's synthetic series, warm (spellings and orders cached), text and protobuf. Allocated bytes per request
/// are the figure to watch: the time depends on the box, the allocations do not (BENCHMARKS.md "Node /federate,
/// per-request allocation"). Run: <c>Aggregator.Benchmarks --filter '*FederateBenchmarks*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class FederateBenchmarks
{
    private const string AllSeriesQuery = "?match[]=%7B__name__%3D~%22.%2B%22%7D";
    private FederateHandler _handler = null!;

    [Params(10_000, 32_000)]
    public int Series { get; set; } = 10_000;

    [Params("text", "protobuf")]
    public string Format { get; set; } = "text";

    [GlobalSetup]
    public void Setup()
    {
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000));
        var store = SyntheticStore.Fill(Series, clock);
        _handler = new FederateHandler(new SeriesStoreFederationSource(store),
            new FederationOptions { ExternalLabels = [new Label("site", "dc1")] }, clock);
        Federate().GetAwaiter().GetResult();
    }

    [Benchmark]
    public async Task<long> Federate()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(AllSeriesQuery);
        context.Request.Headers.Accept = Format == "protobuf"
            ? "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited"
            : "text/plain;version=0.0.4";
        var body = Stream.Null;
        context.Response.Body = body;
        await _handler.HandleAsync(context);
        return context.Response.StatusCode;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

using System.Diagnostics;
using System.Globalization;
using Aggregator.Shared.Federation;
using Aggregator.Shared.Model;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Synthetic;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Benchmarks.Federation;

/// <summary>
/// Runs the Node's <c>/federate</c> (handler, store, writer; no Kestrel) over a store holding the
/// side-by-side harness's synthetic series, in a plain loop for <c>valgrind --tool=callgrind</c>
/// (instruction counts are stable on a shared machine; wall times are printed as a hint only).
/// Usage: <c>Aggregator.Benchmarks federate-profile text|protobuf SERIES ITERATIONS</c>; the first
/// request is timed separately (cold path: spellings and sort orders not yet cached).
/// </summary>
internal static class FederateProfileDriver
{
    private const string AllSeriesQuery = "?match[]=%7B__name__%3D~%22.%2B%22%7D";

    public static async Task RunAsync(string[] args)
    {
        string format = args.Length > 0 ? args[0] : "text";
        int series = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32_000;
        int iterations = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000));
        var store = SyntheticStore.Fill(series, clock);
        var handler = new FederateHandler(new SeriesStoreFederationSource(store),
            new FederationOptions { ExternalLabels = [new Label("site", "dc1")] }, clock);
        string accept = format == "protobuf"
            ? "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited"
            : "text/plain;version=0.0.4";
        if (Environment.GetEnvironmentVariable("AGGREGATOR_PROFILE_WARM") == "1")
        {
            // Note: the same code over another, small store first: the first request then measures building this
            // store's caches (spellings, orders) without the JIT.
            var small = new FederateHandler(new SeriesStoreFederationSource(SyntheticStore.Fill(2_000, clock)),
                new FederationOptions { ExternalLabels = [new Label("site", "dc1")] }, clock);
            await RequestAsync(small, accept);
            await RequestAsync(small, accept);
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var watch = Stopwatch.StartNew();
        long bytes = await RequestAsync(handler, accept);
        double firstMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        int collections = GC.CollectionCount(2);
        for (int i = 0; i < iterations; i++)
        {
            bytes += await RequestAsync(handler, accept);
        }
        watch.Stop();
        // Note: bytes allocated and gen-2 collections per request do not depend on the load of a shared box, wall times do.
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        collections = GC.CollectionCount(2) - collections;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{store.SeriesCount} series, {format}: first request {firstMs:F1} ms, then {iterations} requests {watch.Elapsed.TotalMilliseconds / Math.Max(1, iterations):F2} ms each ({bytes} bytes in all), {allocated / Math.Max(1, iterations)} bytes allocated and {collections / (double)Math.Max(1, iterations):F2} gen-2 collections per request"));
    }

    private static async Task<long> RequestAsync(FederateHandler handler, string accept)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(AllSeriesQuery);
        context.Request.Headers.Accept = accept;
        var body = new CountingStream();
        context.Response.Body = body;
        await handler.HandleAsync(context);
        if (context.Response.StatusCode != 200)
        {
            throw new InvalidOperationException($"/federate answered {context.Response.StatusCode}");
        }
        return body.Length;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>A write-only sink that counts bytes, so the profile holds no output in memory.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>A <see cref="SeriesStore"/> filled with the side-by-side harness's synthetic series (4 jobs).</summary>
internal static class SyntheticStore
{
    public static SeriesStore Fill(int totalSeries, TimeProvider clock)
    {
        var store = new SeriesStore(new SeriesStoreOptions(), clock);
        long now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var family in Workloads(totalSeries).SelectMany(w => w.Snapshot(clock.GetUtcNow())))
        {
            foreach (var list in new[] { family.Samples, family.Sums, family.Counts })
            {
                foreach (var (labels, value) in list ?? [])
                {
                    // Note: a fresh label set per series, as a poll's decoder hands the store (nothing cached yet).
                    store.Append(LabelSet.From(labels.AsSpan().ToArray()), now - 1000, value);
                }
            }
        }
        return store;
    }

    public static IEnumerable<SyntheticWorkload> Workloads(int totalSeries, int targets = 4)
    {
        int perInstance = new SyntheticSourceOptions { Instances = 1 }.SeriesCount;
        int instances = Math.Max(1, (int)Math.Round(totalSeries / (double)targets / perInstance));
        return Enumerable.Range(0, targets)
            .Select(k => new SyntheticWorkload(new SyntheticSourceOptions { Seed = k + 1, Job = $"api-{k}", Instances = instances }));
    }
}

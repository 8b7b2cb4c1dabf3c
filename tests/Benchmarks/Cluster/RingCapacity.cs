using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Configuration;
using Aggregator.Shared.Cluster;
using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Topology;

namespace Aggregator.Benchmarks.Cluster;

/// <summary>
/// What one ring member can hold and take (BENCHMARKS.md, "Ring capacity"): bytes per aggregated
/// series in a member's store plus its share of entity state, and site batches per second through the
/// write path (region → entity → publish → the member's view). Run with
/// <c>dotnet run -c Release --project tests/Benchmarks -- ring-capacity [series] [seconds]</c>.
/// </summary>
internal static class RingCapacity
{
    public static async Task<int> RunAsync(string[] args)
    {
        int series = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        int seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        MeasureMemory(series);
        await MeasureThroughputAsync(TimeSpan.FromSeconds(seconds));
        return 0;
    }

    /// <summary>Job-level series as sites forward them: name, job, an emptied instance and the site; 100 sites.</summary>
    private static LabelSet Series(int i) => LabelSet.Of(
        "__name__", "job:http_requests:rate5m", "job", "job-" + (i / 100).ToString(CultureInfo.InvariantCulture),
        "instance", "", "site", "dc" + (i % 100).ToString(CultureInfo.InvariantCulture));

    private static void MeasureMemory(int count)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var store = new SeriesStore(new SeriesStoreOptions { Lookback = TimeSpan.FromMinutes(5) });
        for (int i = 0; i < count; i++)
        {
            store.Append(Series(i), now, i);
        }
        long storeOnly = GC.GetTotalMemory(forceFullCollection: true);
        // Note: an entity keeps its own newest sample per series; a member hosts 1/N of the entities.
        var entityState = new Dictionary<LabelSet, Sample>();
        for (int i = 0; i < count; i++)
        {
            entityState[Series(i)] = new Sample(now, i);
        }
        long withEntities = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(store);
        GC.KeepAlive(entityState);
        Console.WriteLine($"series={count} store_bytes_per_series={(storeOnly - before) / (double)count:F0} entity_bytes_per_series={(withEntities - storeOnly) / (double)count:F0}");
    }

    private static async Task MeasureThroughputAsync(TimeSpan duration)
    {
        var node = new NodeConfig
        {
            Id = "agg-0", Role = NodeRole.Aggregator, Url = new Uri("http://127.0.0.1:1"), Listen = new Uri("http://127.0.0.1:1"),
            Ring = "global", Site = "agg-0", RuleFiles = [], Sources = [], ClusterPort = FreePort(),
        };
        var ring = new RingConfig { Name = "global", Shards = 256, ReplicationFactor = 1, Members = ["agg-0"], RuleFiles = [] };
        var text = ClusterHocon.Build(ring, node, "127.0.0.1", [ClusterHocon.Endpoint("127.0.0.1", node.ClusterPort)], tls: false, "global");
        using var system = ActorSystem.Create("global", ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(ConfigurationFactory.ParseString(text)));
        var store = new SeriesStore(new SeriesStoreOptions { Lookback = TimeSpan.FromMinutes(5) });
        var ready = new TaskCompletionSource();
        var member = RingMember.Start(system, new RingMemberOptions
        {
            Store = store, SiteLabel = "site", Shards = 256, SeriesLimitOf = _ => 0, Lookback = TimeSpan.FromMinutes(5),
            Time = TimeProvider.System, OnReady = () => ready.TrySetResult(),
        });
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        // Note: a site batch = one forward of a site's job-level results (500 series); 20 sites take turns, 8 writers at once.
        const int SeriesPerBatch = 500, Sites = 20, Writers = 8;
        var batches = Enumerable.Range(0, Sites).Select(s => Enumerable.Range(0, SeriesPerBatch)
            .Select(i => LabelSet.Of("__name__", "job:http_requests:rate5m", "job", "job-" + i.ToString(CultureInfo.InvariantCulture), "site", "dc" + s.ToString(CultureInfo.InvariantCulture)))
            .ToArray()).ToArray();
        long sent = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async w =>
        {
            for (int n = w; clock.Elapsed < duration; n += Writers)
            {
                long ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + n;
                var batch = new WriteBatch([.. batches[n % Sites].Select(l => new WriteSeries(l, [new Sample(ts, n)]))]);
                var outcome = await member.Writes.WriteAsync(batch, CancellationToken.None);
                if (outcome.Accepted)
                {
                    Interlocked.Increment(ref sent);
                }
            }
        }));
        double rate = sent / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"site_batches_per_second={rate:F0} series_per_second={rate * SeriesPerBatch:F0} (batches of {SeriesPerBatch} series, {Writers} writers, {clock.Elapsed.TotalSeconds:F1} s, store holds {store.SeriesCount})");
        await system.Terminate();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Aggregator.Shared.Scraping;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Synthetic;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aggregator.Benchmarks.Scraping;

/// <summary>
/// Polls an in-process <see cref="SyntheticPrometheus"/>'s <c>/federate</c> into a <see cref="SeriesStore"/>
/// through the Node's <see cref="SourcePoller"/> (HTTP on 127.0.0.1, decoder, label merge, staleness,
/// store), in a plain loop for <c>valgrind --tool=callgrind</c>, and reports the bytes held per series
/// (<c>GC.GetTotalMemory(true)</c> after the polls minus before the first). Note: the source answers one
/// request before the baseline, so its own caches of what it serves are not counted as the poller's.
/// Usage: <c>Aggregator.Benchmarks poll-profile SERIES POLLS [text|protobuf]</c>.
/// </summary>
internal static class PollProfileDriver
{
    public static async Task RunAsync(string[] args)
    {
        int series = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 32_000;
        int polls = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        bool protobuf = args.Length <= 2 || args[2] != "text";
        int perInstance = new SyntheticSourceOptions { Instances = 1 }.SeriesCount;
        var source = await SyntheticPrometheus.StartAsync(
            new SyntheticSourceOptions { Instances = Math.Max(1, series / perInstance) });
        var rig = Rig.Create(source.Url, protobuf);
        using (var warmUp = new FederateClient(rig.Options, TimeProvider.System))
        {
            (await warmUp.FetchAsync(source.Url, CancellationToken.None)).Dispose();
        }
        long before = SettledHeap();
        rig.Start();
        double ms = await PollAsync(rig.Poller!, polls);
        long held = SettledHeap() - before;
        double n = rig.Store!.SeriesCount;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{n} series, {(protobuf ? "protobuf" : "text")}: {polls} polls, later ones {ms:F1} ms each; held {held / n:F0} B per series, of which the decoder's caches {rig.Decoder!.CacheBytes / n:F0} B"));
        // Note: AGGREGATOR_PROFILE_PAUSE=SECONDS keeps everything alive that long, for dotnet-gcdump to see where the bytes are.
        if (int.TryParse(Environment.GetEnvironmentVariable("AGGREGATOR_PROFILE_PAUSE"), out int pause))
        {
            Console.WriteLine($"pid {Environment.ProcessId}: pausing {pause} s");
            await Task.Delay(TimeSpan.FromSeconds(pause));
        }
        await source.DisposeAsync();
    }

    /// <summary>Polls <paramref name="polls"/> times; the mean time of the polls after the first, in ms.</summary>
    private static async Task<double> PollAsync(SourcePoller poller, int polls)
    {
        var first = await poller.PollOnceAsync(CancellationToken.None);
        if (!first.Up)
        {
            throw new InvalidOperationException("poll failed: " + first.Error);
        }
        var watch = new Stopwatch();
        for (int i = 1; i < polls; i++)
        {
            // Note: the source's values move every second; a poll in the same second would only replace values.
            await Task.Delay(1000 - DateTime.UtcNow.Millisecond);
            watch.Start();
            await poller.PollOnceAsync(CancellationToken.None);
            watch.Stop();
        }
        return watch.Elapsed.TotalMilliseconds / Math.Max(1, polls - 1);
    }

    private static long SettledHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(true);
    }

    /// <summary>The source's options, then the poller and the store, made outside the async caller's frame.</summary>
    private sealed class Rig
    {
        public required ScrapeSourceOptions Options { get; init; }

        public SourcePoller? Poller { get; private set; }

        public SeriesStore? Store { get; private set; }

        public ExpositionScrapeDecoder? Decoder { get; private set; }

        public static Rig Create(Uri url, bool protobuf) => new()
        {
            Options = new ScrapeSourceOptions
            {
                Name = "site",
                Urls = [url],
                Match = ["{__name__=~\".+\"}"],
                HonorLabels = true,
                PreferProtobuf = protobuf,
                Timeout = TimeSpan.FromSeconds(60),
                Interval = TimeSpan.FromSeconds(60),
            },
        };

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Start()
        {
            Store = new SeriesStore(new SeriesStoreOptions());
            Decoder = new ExpositionScrapeDecoder();
            Poller = new SourcePoller(Options, Decoder, new StoreScrapeSink(Store), TimeProvider.System, NullLogger.Instance);
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using Aggregator.Shared.Scraping;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Synthetic;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aggregator.Benchmarks.Scraping;

/// <summary>
/// Polls an in-process <see cref="SyntheticPrometheus"/>'s <c>/federate</c> into a <see cref="SeriesStore"/>
/// through the Node's <see cref="SourcePoller"/> (HTTP on 127.0.0.1, decoder, label merge, staleness,
/// store), in a plain loop for <c>valgrind --tool=callgrind</c>, and reports the bytes the poller and the
/// store hold per series (<c>GC.GetTotalMemory(true)</c> after the polls minus before the first).
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
        long before = SettledHeap();
        var store = new SeriesStore(new SeriesStoreOptions());
        var options = new ScrapeSourceOptions
        {
            Name = "site",
            Urls = [source.Url],
            Match = ["{__name__=~\".+\"}"],
            HonorLabels = true,
            PreferProtobuf = protobuf,
            Timeout = TimeSpan.FromSeconds(60),
            Interval = TimeSpan.FromSeconds(60),
        };
        using var poller = new SourcePoller(options, new ExpositionScrapeDecoder(), new StoreScrapeSink(store), TimeProvider.System, NullLogger.Instance);
        var first = await poller.PollOnceAsync(CancellationToken.None);
        if (!first.Up)
        {
            throw new InvalidOperationException("poll failed: " + first.Error);
        }
        var watch = Stopwatch.StartNew();
        for (int i = 1; i < polls; i++)
        {
            // Note: the source's values move every second; a poll in the same second would only replace values.
            await Task.Delay(1000 - DateTime.UtcNow.Millisecond);
            watch.Start();
            await poller.PollOnceAsync(CancellationToken.None);
            watch.Stop();
        }
        long held = SettledHeap() - before;
        double n = store.SeriesCount;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{n} series, {(protobuf ? "protobuf" : "text")}: {polls} polls, later ones {watch.Elapsed.TotalMilliseconds / Math.Max(1, polls - 1):F1} ms each; held {held / n:F0} B per series"));
        // Note: AGGREGATOR_PROFILE_PAUSE=SECONDS keeps everything alive that long, for dotnet-gcdump to see where the bytes are.
        if (int.TryParse(Environment.GetEnvironmentVariable("AGGREGATOR_PROFILE_PAUSE"), out int pause))
        {
            Console.WriteLine($"pid {Environment.ProcessId}: pausing {pause} s");
            await Task.Delay(TimeSpan.FromSeconds(pause));
        }
        GC.KeepAlive(poller);
        GC.KeepAlive(store);
        await source.DisposeAsync();
    }

    private static long SettledHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(true);
    }
}

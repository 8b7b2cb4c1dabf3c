using Aggregator.Shared.Exposition.Protos;
using Aggregator.Shared.Federation;
using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Tests.Storage;

namespace Aggregator.Shared.Tests.Federation;

/// <summary>
/// The fault suite's ConcurrentReadersTests in one process, without its timing: many /federate
/// readers of one store at once while writers keep replacing the samples of a 1,000-series family,
/// a churning family keeps changing its shape (the pooled buffer is outgrown mid-copy) and a sweeper
/// runs. Every answer must hold every series of the steady families: a reader that got another
/// reader's pooled buffer, a buffer returned twice, or a family missed while another is refilled shows
/// up as a count other than 1,000. Bounded iterations, no timed assertion.
/// </summary>
public class FederateConcurrencyTests
{
    private const long Now = 1_700_000_000_000;
    private const int LoadSeries = 1000;
    private const int Readers = 8;
    private const int ReadsEach = 60;

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited")]
    public async Task HandleAsync_ManyReadersWhileWritersReplaceAThousandSeries_EveryAnswerHoldsEverySeries(string accept)
    {
        var fixture = new ChurningStore();
        var handler = new FederateHandler(new SeriesStoreFederationSource(fixture.Store), new FederationOptions(), new ManualClock(Now));
        var headers = new Dictionary<string, string> { ["Accept"] = accept };
        using var stop = new CancellationTokenSource();
        var writers = fixture.StartWriters(stop.Token);

        var reads = Enumerable.Range(0, Readers).Select(_ => Task.Run(async () =>
        {
            var held = new List<(int Load, int Seq)>();
            for (int i = 0; i < ReadsEach; i++)
            {
                var call = await FederateCall.RunAsync(handler, "GET", "?match[]=" + Uri.EscapeDataString("{__name__=~\"load_.*|fault:seq\"}"), headers);
                Assert.Equal(200, call.Status);
                held.Add(accept == "text/plain" ? CountText(call.Body) : CountProtobuf(call.Decoded));
            }
            return held;
        })).ToList();
        var counts = (await Task.WhenAll(reads)).SelectMany(c => c).ToList();
        await stop.CancelAsync();
        int rounds = (await Task.WhenAll(writers)).Sum();

        Assert.Equal(0, handler.Errors);
        Assert.Equal(Readers * ReadsEach, counts.Count);
        Assert.All(counts, c => Assert.Equal((LoadSeries, 1), c));
        Assert.True(rounds > 0, "no write round completed while the readers read");
    }

    [Fact]
    public async Task SelectLatest_ManyReadersWhileWritersReplaceAThousandSeries_EveryReadHoldsEverySeries()
    {
        var fixture = new ChurningStore();
        var matcher = new SelectorUnion([[LabelMatcher.Create(LabelMatchType.RegexMatch, Label.MetricName, "load_.*|fault:seq")]]);
        using var stop = new CancellationTokenSource();
        var writers = fixture.StartWriters(stop.Token);

        var reads = Enumerable.Range(0, Readers).Select(_ => Task.Run(() =>
        {
            var held = new List<(int Load, int Seq, bool Sorted)>();
            for (int i = 0; i < ReadsEach * 10; i++)
            {
                int load = 0, seq = 0;
                bool sorted = true;
                foreach (var family in fixture.Store.SelectLatest(matcher))
                {
                    var span = family.Series.Span;
                    for (int k = 0; k < span.Length; k++)
                    {
                        // Note: a slot another reader cleared or overwrote shows as a null or foreign series.
                        Assert.Equal(family.Name, span[k].Labels?.MetricName);
                        sorted &= k == 0 || SeriesOrder.Instance.Compare(span[k - 1].Labels, span[k].Labels) < 0;
                    }
                    load += family.Name == "load_value" ? span.Length : 0;
                    seq += family.Name == "fault:seq" ? span.Length : 0;
                }
                held.Add((load, seq, sorted));
            }
            return held;
        })).ToList();
        var counts = (await Task.WhenAll(reads)).SelectMany(c => c).ToList();
        await stop.CancelAsync();
        int rounds = (await Task.WhenAll(writers)).Sum();

        Assert.Equal(Readers * ReadsEach * 10, counts.Count);
        Assert.All(counts, c => Assert.Equal((LoadSeries, 1, true), c));
        Assert.True(rounds > 0, "no write round completed while the readers read");
    }

    private static (int Load, int Seq) CountText(string body)
    {
        int load = 0, seq = 0;
        foreach (var line in body.Split('\n'))
        {
            load += line.StartsWith("load_value{", StringComparison.Ordinal) ? 1 : 0;
            seq += line.StartsWith("fault:seq{", StringComparison.Ordinal) ? 1 : 0;
        }
        return (load, seq);
    }

    private static (int Load, int Seq) CountProtobuf(byte[] body)
    {
        int load = 0, seq = 0;
        var input = new MemoryStream(body);
        while (input.Position < input.Length)
        {
            var family = MetricFamily.Parser.ParseDelimitedFrom(input);
            load += family.Name == "load_value" ? family.Metric.Count : 0;
            seq += family.Name == "fault:seq" ? family.Metric.Count : 0;
        }
        return (load, seq);
    }

    /// <summary>
    /// A store as the ring's view holds the fault suite's data: "fault:seq" (one series), "load_value"
    /// (1,000 series whose samples every write round replaces), and "load_churn" (series added and
    /// deleted by stale markers, so its count moves between a reader's sizing and its copy).
    /// </summary>
    private sealed class ChurningStore
    {
        private static readonly LabelSet Seq = LabelSet.Of("__name__", "fault:seq", "job", "fault", "site", "dc1");
        private readonly LabelSet[] _load = [.. Enumerable.Range(0, LoadSeries).Select(i =>
            LabelSet.Of("__name__", "load_value", "instance", i.ToString(System.Globalization.CultureInfo.InvariantCulture), "job", "load", "site", "load"))];

        public ChurningStore()
        {
            Store = new SeriesStore(new SeriesStoreOptions(), new ManualClock(Now));
            Replace(round: 0);
        }

        public SeriesStore Store { get; }

        /// <summary>Three writers until stopped; each returns the rounds it completed.</summary>
        public Task<int>[] StartWriters(CancellationToken stop) =>
        [
            Task.Run(() => Loop(stop, Replace)),
            Task.Run(() => Loop(stop, Churn)),
            Task.Run(() => Loop(stop, _ => Store.RemoveExpired())),
        ];

        private static int Loop(CancellationToken stop, Action<int> round)
        {
            int rounds = 0;
            while (!stop.IsCancellationRequested)
            {
                round(++rounds);
            }
            return rounds;
        }

        // Note: timestamps stay at or before the store's fixed "now" and inside its lookback.
        private void Replace(int round)
        {
            long t = Now - 200_000 + round;
            foreach (var series in _load)
            {
                Store.Append(series, new Sample(t, round));
            }
            Store.Append(Seq, new Sample(t, round));
        }

        private void Churn(int round)
        {
            long t = Now - 200_000 + round;
            int size = 1 + (round * 37 % 3000);
            for (int i = 0; i < size; i++)
            {
                Store.Append(LabelSet.Of("__name__", "load_churn", "i", (i * 7919 % 5000).ToString(System.Globalization.CultureInfo.InvariantCulture)), new Sample(t, i));
            }
            for (int i = 0; i < size; i += 2)
            {
                Store.MarkStale(LabelSet.Of("__name__", "load_churn", "i", (i * 7919 % 5000).ToString(System.Globalization.CultureInfo.InvariantCulture)), t);
            }
        }
    }
}

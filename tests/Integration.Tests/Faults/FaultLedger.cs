using System.Globalization;

namespace Aggregator.Integration.Tests.Faults;

/// <summary>
/// What one Node life produced and what of it the ring holds. The Node records <c>fault:seq{life="N"}</c>,
/// its own previous value plus one (1 at its first evaluation): a sample's value is its place in the
/// life's sequence. The ring keeps an hour of the series and records how many samples it holds, the
/// smallest and the largest value. Every sample of a life from <c>min</c> to <c>max</c> arrived exactly
/// when <c>count == max - min + 1</c> (the ring keeps one sample per timestamp, the newest wins, so a
/// re-sent duplicate is not counted twice), and with <c>min == 1</c> the life's beginning arrived too.
/// Note: <c>or on()</c>, not <c>or</c>: vector(1) has no labels, so a plain <c>or</c> would keep it beside the
/// previous value and the rule's <c>life</c> label would make them one series twice (an evaluation error).
/// </summary>
internal sealed record FaultLedger(string Life, double Count, double Min, double Max)
{
    /// <summary>The Node's rule file for one life.</summary>
    public static string NodeRules(int life, string interval) => $$"""
        groups:
          - name: fault-seq
            interval: {{interval}}
            rules:
              - record: fault:seq
                expr: fault:seq + 1 or on() vector(1)
                labels:
                  life: "{{life}}"
        """;

    /// <summary>The ring's rule file: the ledger of every life of every site.</summary>
    public const string RingRules = """
        groups:
          - name: fault-ledger
            interval: 1s
            rules:
              - record: fault:seq:count
                expr: count_over_time(fault:seq[1h])
              - record: fault:seq:min
                expr: min_over_time(fault:seq[1h])
              - record: fault:seq:max
                expr: max_over_time(fault:seq[1h])
        """;

    /// <summary>Samples between min and max that are missing (0: the life's range is whole).</summary>
    public double Missing => Max - Min + 1 - Count;

    /// <summary>The ring's ledger of each life of site dc1, read from its /federate (empty before the first evaluation).</summary>
    public static async Task<IReadOnlyDictionary<string, FaultLedger>> ReadAsync(HttpClient http, Uri aggregator)
    {
        var page = await FaultScrape.FederateAsync(http, aggregator, "{__name__=~\"fault:seq:.*\",site=\"dc1\"}");
        var ledgers = new Dictionary<string, FaultLedger>(StringComparer.Ordinal);
        foreach (var life in page.Samples.Select(s => s.Series.Get("life") ?? string.Empty).Distinct())
        {
            double Of(string name) => page.Value(name, ("life", life));
            if (page.Has("fault:seq:count", ("life", life)) && page.Has("fault:seq:min", ("life", life)) && page.Has("fault:seq:max", ("life", life)))
            {
                ledgers[life] = new FaultLedger(life, Of("fault:seq:count"), Of("fault:seq:min"), Of("fault:seq:max"));
            }
        }
        return ledgers;
    }

    /// <summary>Reads the ledger of <paramref name="life"/> until <paramref name="done"/> holds (at most <paramref name="timeout"/>), and returns the last one read.</summary>
    public static async Task<FaultLedger?> WaitAsync(HttpClient http, Uri aggregator, int life, Func<FaultLedger, bool> done, TimeSpan timeout)
    {
        var key = life.ToString(CultureInfo.InvariantCulture);
        var deadline = DateTime.UtcNow + timeout;
        FaultLedger? last = null;
        while (true)
        {
            try
            {
                var ledgers = await ReadAsync(http, aggregator);
                last = ledgers.GetValueOrDefault(key) ?? last;
                if (last is not null && done(last))
                {
                    return last;
                }
            }
            catch (HttpRequestException)
            {
                // Note: the aggregator may be starting again.
            }
            if (DateTime.UtcNow >= deadline)
            {
                return last;
            }
            await Task.Delay(500);
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"life {Life}: {Count} samples held, values {Min}..{Max}");
}

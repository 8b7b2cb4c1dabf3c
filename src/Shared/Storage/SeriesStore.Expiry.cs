namespace Aggregator.Shared.Storage;

public sealed partial class SeriesStore
{
    /// <summary>
    /// Deletes every series whose newest sample is older than its retention at the store's "now":
    /// the lookback for plain series, the longer of lookback and window for windowed ones (rules may
    /// still read their recent past). Empty families are unlinked. Returns how many series went.
    /// </summary>
    public int RemoveExpired()
    {
        long now = NowMs;
        long plainCutoff = now - Options.LookbackMs;
        long windowedCutoff = now - Math.Max(Options.LookbackMs, Options.WindowLengthMs);
        int removed = 0;
        foreach (var (name, table) in _families)
        {
            removed += table.RemoveExpired(plainCutoff, windowedCutoff, retireIfEmpty: true);
            if (table.Retired)
            {
                _families.TryRemove(new KeyValuePair<string, MetricFamilyTable>(name, table));
                Interlocked.Increment(ref _familiesVersion);
            }
        }
        Interlocked.Add(ref _seriesCount, -removed);
        return removed;
    }
}

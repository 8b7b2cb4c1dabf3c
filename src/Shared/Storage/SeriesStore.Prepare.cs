using Aggregator.Shared.Model;

namespace Aggregator.Shared.Storage;

public sealed partial class SeriesStore
{
    /// <summary>
    /// Builds now what a read of every series would otherwise build on its first request: the family list in
    /// name order and, for each family a series came to or left since, its sort order; every series added since
    /// is handed to <paramref name="added"/> (a Node's poll spells it for text there). A Node calls this at the
    /// end of each poll, so the first <c>/federate</c> after start finds the store as a steady one does
    /// (BENCHMARKS.md "Warm-up"); a poll that changed no family's series costs one check per family.
    /// Returns how many series were added to the families' orders.
    /// </summary>
    public int PrepareReads(Action<LabelSet>? added = null)
    {
        int total = 0;
        foreach (var table in SortedFamilies())
        {
            total += table.PrepareOrder(added);
        }
        return total;
    }
}

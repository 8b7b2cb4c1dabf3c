using Aggregator.Shared.Model;

namespace Aggregator.Shared.Scraping;

/// <summary>
/// Merges a scraped series' labels with the source's target labels exactly as Prometheus 2.42's scrape
/// loop does (FEDERATE_SPEC §10): with <c>honor_labels</c> a scraped label of the same name wins even when
/// empty; without it every target label is set and each colliding non-empty scraped label is kept as
/// <c>exported_&lt;name&gt;</c> (prefixed again while taken, shortest names first). Empty labels are dropped last.
/// </summary>
public static class TargetLabelMerger
{
    private const string ExportedPrefix = "exported_";

    public static LabelSet Merge(LabelSet scraped, LabelSet target, bool honorLabels)
    {
        // Note: a federated series usually carries every target label already (its job); then the
        // merge is the scraped set itself, and returning that instance keeps one label set per series
        // for the decoder's cache, the staleness tracker and the store, found by reference every poll.
        if (MergeKeepsScraped(scraped, target, honorLabels))
        {
            return scraped;
        }
        var s = scraped.AsSpan();
        var t = target.AsSpan();
        var result = new List<Label>(s.Length + t.Length);
        List<Label>? conflicts = null;
        int i = 0, j = 0;
        while (i < s.Length || j < t.Length)
        {
            int c = i == s.Length ? 1 : j == t.Length ? -1 : CodePointOrder.Compare(s[i].Name, t[j].Name);
            if (c < 0)
            {
                AddIfNotEmpty(result, s[i++]);
            }
            else if (c > 0)
            {
                AddIfNotEmpty(result, t[j++]);
            }
            else if (honorLabels)
            {
                AddIfNotEmpty(result, s[i++]);
                j++;
            }
            else
            {
                if (s[i].Value.Length > 0)
                {
                    (conflicts ??= []).Add(s[i]);
                }
                AddIfNotEmpty(result, t[j++]);
                i++;
            }
        }
        if (conflicts is null)
        {
            return LabelSet.FromSortedUnsafe([.. result]);
        }
        return ResolveConflicts(result, conflicts, scraped, target);
    }

    private static bool MergeKeepsScraped(LabelSet scraped, LabelSet target, bool honorLabels)
    {
        // Note: without honor_labels every target label is set (a scraped one, even equal, becomes exported_).
        if (!honorLabels && target.Count > 0)
        {
            return false;
        }
        foreach (var label in scraped.AsSpan())
        {
            if (label.Value.Length == 0)
            {
                return false;
            }
        }
        foreach (var label in target.AsSpan())
        {
            if (!scraped.Has(label.Name))
            {
                return false;
            }
        }
        return true;
    }

    private static void AddIfNotEmpty(List<Label> result, Label label)
    {
        if (label.Value.Length > 0)
        {
            result.Add(label);
        }
    }

    // Note: 2.42 picks each new name by checking the original scraped labels, the target labels and the
    // names already chosen; later Prometheus checks its builder, which gives the same names in practice.
    private static LabelSet ResolveConflicts(List<Label> result, List<Label> conflicts, LabelSet scraped, LabelSet target)
    {
        var ordered = conflicts.OrderBy(static l => l.Name.Length).ToList();
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        var renamed = new List<Label>(ordered.Count);
        foreach (var label in ordered)
        {
            string name = label.Name;
            do
            {
                name = ExportedPrefix + name;
            }
            while (scraped.Has(name) || target.Has(name) || chosen.Contains(name));
            chosen.Add(name);
            renamed.Add(new Label(name, label.Value));
        }
        // Note: a later label of the same name replaces an earlier one, as the builder's Set does.
        return LabelSet.From(result.Concat(renamed));
    }
}

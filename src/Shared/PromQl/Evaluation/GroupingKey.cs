using System.Runtime.InteropServices;
using Aggregator.Shared.Hashing;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>
/// Hashes of label subsets for grouping and vector matching, computed straight from the label
/// array (no label set is built). As in Prometheus, equal hashes are taken as equal groups.
/// </summary>
internal static class GroupingKey
{
    /// <summary>Hash of the named labels' values (<c>by</c>/<c>on</c>); <paramref name="names"/> sorted.</summary>
    public static ulong Of(in VectorSample sample, string[] names) => Of(sample.Labels, sample.DropName, names, include: true);

    /// <summary>Hash of all labels except <paramref name="names"/> and the metric name (<c>without</c>/<c>ignoring</c>).</summary>
    public static ulong Without(in VectorSample sample, string[] names) => Of(sample.Labels, true, names, include: false);

    public static ulong Of(LabelSet labels, bool dropName, string[] names, bool include)
    {
        var hasher = new Hasher();
        if (include)
        {
            foreach (var name in names)
            {
                string value = dropName && name == Label.MetricName ? string.Empty : labels.Get(name) ?? string.Empty;
                if (value.Length > 0)
                {
                    hasher.Add(name);
                    hasher.Add(value);
                }
            }
            return hasher.Finish();
        }
        foreach (var label in labels.AsSpan())
        {
            if ((dropName && label.Name == Label.MetricName) || Array.IndexOf(names, label.Name) >= 0)
            {
                continue;
            }
            hasher.Add(label.Name);
            hasher.Add(label.Value);
        }
        return hasher.Finish();
    }

    /// <summary>The label set a group is reported with.</summary>
    public static LabelSet Labels(in VectorSample sample, string[] names, bool without)
    {
        var result = new List<Label>();
        if (!without)
        {
            foreach (var name in names)
            {
                var value = sample.Get(name);
                if (value.Length > 0)
                {
                    result.Add(new Label(name, value));
                }
            }
            return LabelSet.From(result);
        }
        foreach (var label in sample.Labels.AsSpan())
        {
            if (label.Name == Label.MetricName || Array.IndexOf(names, label.Name) >= 0)
            {
                continue;
            }
            result.Add(label);
        }
        return LabelSet.From(result);
    }

    /// <summary>The per-string hash <see cref="Hasher"/> folds in (exposed so callers can cache it).</summary>
    public static ulong StringHash(string s) => XxHash64.Hash(MemoryMarshal.AsBytes(s.AsSpan()));

    /// <summary>A streaming hash over strings: hashes fixed chunks so nothing is allocated.</summary>
    internal struct Hasher
    {
        private ulong _hash;
        private int _count;

        public void Add(string s) => AddHashed(StringHash(s), s.Length);

        /// <summary>Adds a string by its <see cref="StringHash"/> and length.</summary>
        public void AddHashed(ulong stringHash, int length)
        {
            // Note: the length is folded in so that ("ab","c") and ("a","bc") differ.
            _hash = Mix(_hash, stringHash ^ ((ulong)length << 1));
            _count++;
        }

        public readonly ulong Finish() => Mix(_hash, (ulong)_count);

        private static ulong Mix(ulong a, ulong b)
        {
            ulong x = (a ^ b) * 0x9E3779B97F4A7C15UL;
            return (x ^ (x >> 29)) * 0xBF58476D1CE4E5B9UL + a;
        }
    }
}

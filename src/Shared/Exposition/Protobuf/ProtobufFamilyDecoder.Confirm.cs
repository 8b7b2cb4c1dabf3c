using System.Text;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Exposition.Protobuf;

/// <summary>Confirming a cached series against the body without building its label set.</summary>
internal sealed partial class ProtobufFamilyDecoder
{
    // Note: secret per process, as LabelSet.Hash's seed: series a source crafted to share one hash in one
    // process do not share it in the next, and within one a collision only costs a confirmation.
    private static readonly ulong KeySeed = BitConverter.ToUInt64(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

    /// <summary>
    /// Whether <paramref name="set"/> is exactly what <see cref="BuildSeries"/> would build from this metric's
    /// label pairs, name, suffix and extra label, and building it would not fail. Note: the pairs are walked in
    /// step with the set's sorted labels, so only pairs in strictly ascending name order (as Prometheus and our
    /// writer encode them) can confirm; any other order answers false and the caller builds the set and compares.
    /// A pair with an empty value is dropped by <see cref="BuildSeries"/>: it confirms when its name is valid and
    /// absent from the set. Names are ASCII (both sides are checked label names), values are compared as UTF-8.
    /// </summary>
    private bool Confirms(LabelSet set, ReadOnlySpan<byte> metric, ReadOnlySpan<byte> name, byte suffix, ExtraLabel extra)
    {
        ParseLabels(metric);
        var labels = set.AsSpan();
        string? extraName = extra.Kind switch
        {
            ExtraKind.Le => "le",
            ExtraKind.Quantile => "quantile",
            _ => null,
        };
        int j = 0;
        int matched = 0;
        ReadOnlySpan<byte> previous = default;
        for (int i = 0; i < _labelCount; i++)
        {
            ref var r = ref _labels[i];
            var pairName = metric.Slice(r.NameStart, r.NameLength);
            var pairValue = metric.Slice(r.ValueStart, r.ValueLength);
            if (i > 0 && pairName.SequenceCompareTo(previous) <= 0)
            {
                return false;
            }
            previous = pairName;
            while (j < labels.Length && CompareAscii(labels[j].Name, pairName) < 0)
            {
                if (!IsImplicit(labels[j].Name, extraName))
                {
                    return false;
                }
                j++;
            }
            bool present = j < labels.Length && CompareAscii(labels[j].Name, pairName) == 0;
            if (present && IsImplicit(labels[j].Name, extraName))
            {
                // Note: a pair named __name__ (or le, quantile beside the bound) is a duplicate BuildSeries refuses.
                return false;
            }
            if (pairValue.IsEmpty)
            {
                if (present || !IsLabelName(pairName))
                {
                    return false;
                }
                continue;
            }
            if (!present || !Utf8Equals(pairValue, labels[j].Value))
            {
                return false;
            }
            j++;
            matched++;
        }
        if (labels.Length != matched + 1 + (extraName is null ? 0 : 1))
        {
            return false;
        }
        return NameMatches(set.Get(Label.MetricName), name, suffix) && ExtraMatches(extraName is null ? null : set.Get(extraName), extra);
    }

    private static bool IsImplicit(string labelName, string? extraName) =>
        labelName == Label.MetricName || (extraName is not null && labelName == extraName);

    /// <summary>Ordinal comparison of a label name with a pair's name bytes (both ASCII when valid).</summary>
    private static int CompareAscii(string a, ReadOnlySpan<byte> b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            int c = a[i] - b[i];
            if (c != 0)
            {
                return c;
            }
        }
        return a.Length - b.Length;
    }

    private bool NameMatches(string? value, ReadOnlySpan<byte> name, byte suffix)
    {
        var suffixBytes = SuffixBytes(suffix);
        if (value is null || value.Length != name.Length + suffixBytes.Length)
        {
            return false;
        }
        return Ascii.Equals(name, value.AsSpan(0, name.Length)) && Ascii.Equals(suffixBytes, value.AsSpan(name.Length));
    }

    private bool ExtraMatches(string? value, ExtraLabel extra) =>
        extra.Kind == ExtraKind.None || (value is not null && Ascii.Equals(_cache.Bounds.Of(extra.Bound), value));

    /// <summary>Whether <paramref name="utf8"/> is <paramref name="value"/> encoded as UTF-8 (no allocation).</summary>
    private bool Utf8Equals(ReadOnlySpan<byte> utf8, string value)
    {
        if (utf8.Length < value.Length)
        {
            return false;
        }
        if (utf8.Length == value.Length)
        {
            return Ascii.Equals(utf8, value);
        }
        EnsureCapacity(ref _utf8, utf8.Length);
        var status = System.Text.Unicode.Utf8.FromUtf16(value, _utf8, out _, out int written);
        return status == System.Buffers.OperationStatus.Done && _utf8.AsSpan(0, written).SequenceEqual(utf8);
    }

    private static ReadOnlySpan<byte> SuffixBytes(byte suffix) => suffix switch
    {
        SuffixCount => "_count"u8,
        SuffixSum => "_sum"u8,
        SuffixBucket => "_bucket"u8,
        _ => default,
    };
}

using System.Text;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Exposition.Protobuf;

/// <summary>
/// The cheap confirmation: a cached series checked against the label fields as they lie on the wire, in one walk.
/// Note: every writer we know of (Prometheus's client libraries, Prometheus itself, our own writer) encodes a
/// series' labels in sorted order, each <c>LabelPair</c> as exactly <c>0x0a len name 0x12 len value</c>, with no
/// empty value. A body in that canonical form is compared with the set's labels in place, pair by pair, without
/// decoding the pairs first (<see cref="ParseLabels"/>) or walking the two sides in step by name (what
/// <see cref="Confirms"/> does: 2.5× the instructions of the key comparison it replaced, BENCHMARKS.md "Node
/// memory, wave 4"). Anything else answers false and <see cref="Confirms"/> decides.
/// </summary>
internal sealed partial class ProtobufFamilyDecoder
{
    private const byte LabelNameTag = (1 << 3) | 2;
    private const byte LabelValueTag = (2 << 3) | 2;

    /// <summary>
    /// True only when the metric's label fields are, in order, the canonical encoding of <paramref name="set"/>'s
    /// labels but <c>__name__</c> and the extra label, and those two match <paramref name="name"/>,
    /// <paramref name="suffix"/> and <paramref name="extra"/>: then <see cref="BuildSeries"/> would build exactly
    /// <paramref name="set"/> (its names are valid and unique, its values non-empty and valid UTF-8, since it was
    /// built by <see cref="BuildSeries"/> itself). False says nothing either way.
    /// </summary>
    private bool ConfirmsCanonical(LabelSet set, ReadOnlySpan<byte> metric, ReadOnlySpan<byte> name, byte suffix, ExtraLabel extra)
    {
        string? extraName = extra.Kind switch
        {
            ExtraKind.Le => "le",
            ExtraKind.Quantile => "quantile",
            _ => null,
        };
        string? metricName = null;
        string? extraValue = null;
        int field = 0;
        foreach (ref readonly var label in set.AsSpan())
        {
            if (label.Name == Label.MetricName)
            {
                metricName = label.Value;
                continue;
            }
            if (extraName is not null && label.Name == extraName)
            {
                extraValue = label.Value;
                continue;
            }
            if (field == _labelFieldCount)
            {
                return false;
            }
            ref var f = ref _labelFields[field++];
            var pair = metric.Slice(f.PairStart, f.PairLength);
            if (!TakeString(ref pair, LabelNameTag, out var pairName) || !Ascii.Equals(pairName, label.Name)
                || !TakeString(ref pair, LabelValueTag, out var pairValue) || !pair.IsEmpty || !Utf8Equals(pairValue, label.Value))
            {
                return false;
            }
        }
        return field == _labelFieldCount && NameMatches(metricName, name, suffix) && ExtraMatches(extraValue, extra);
    }

    /// <summary>Takes one length-delimited field with the tag <paramref name="tag"/> off the front of <paramref name="data"/>.</summary>
    private static bool TakeString(ref ReadOnlySpan<byte> data, byte tag, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (data.Length < 2 || data[0] != tag)
        {
            return false;
        }
        int length = data[1];
        int at = 2;
        if (length >= 0x80)
        {
            // Note: a length of 128 bytes or more takes two varint bytes; longer ones (16 KiB+) go the slow way.
            if (data.Length < 3 || data[2] >= 0x80)
            {
                return false;
            }
            length = (length & 0x7f) | (data[2] << 7);
            at = 3;
        }
        if (data.Length - at < length)
        {
            return false;
        }
        value = data.Slice(at, length);
        data = data[(at + length)..];
        return true;
    }
}

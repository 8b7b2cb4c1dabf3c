namespace Aggregator.Shared.Exposition;

/// <summary>
/// The text of histogram and summary bounds (<c>le</c>, <c>quantile</c>) as <see cref="PromFloat.FormatOpenMetrics"/>
/// writes them, remembered per bound. Note: a source's histograms repeat the same few bounds in every series and every
/// poll, and formatting a double as Prometheus does is a shortest round-trip search; the protobuf reader confirms each
/// cached bucket series against its bound's text on every read. A direct-mapped table: no allocation after it is made,
/// and a bound that loses its slot to another is formatted again. Not thread-safe (one parse at a time, as its cache).
/// </summary>
internal sealed class BoundTexts
{
    private const int Slots = 64;

    private readonly ulong[] _bits = new ulong[Slots];
    private readonly byte[] _lengths = new byte[Slots];
    private readonly byte[] _texts = new byte[Slots * PromFloat.MaxLength];

    /// <summary>The OpenMetrics text of <paramref name="bound"/>; valid until the next call.</summary>
    public ReadOnlySpan<byte> Of(double bound)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(bound);
        int slot = (int)((bits * 0x9E3779B97F4A7C15UL) >> 58);
        var text = _texts.AsSpan(slot * PromFloat.MaxLength, PromFloat.MaxLength);
        if (_lengths[slot] == 0 || _bits[slot] != bits)
        {
            _lengths[slot] = (byte)PromFloat.FormatOpenMetrics(bound, text);
            _bits[slot] = bits;
        }
        return text[.._lengths[slot]];
    }
}

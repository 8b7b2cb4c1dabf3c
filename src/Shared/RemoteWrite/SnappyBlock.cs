namespace Aggregator.Shared.RemoteWrite;

/// <summary>Facts about the snappy block format needed before handing a body to the snappy codec (Snappier).</summary>
internal static class SnappyBlock
{
    /// <summary>The worst-case compressed size of <paramref name="decodedLength"/> bytes (snappy's MaxEncodedLen).</summary>
    public static long MaxEncodedLength(long decodedLength) => 32 + decodedLength + decodedLength / 6;

    /// <summary>
    /// Reads the decoded length that prefixes a block (a uvarint of at most 32 bits). Note: this
    /// lets the receiver refuse an oversized body before allocating anything for it.
    /// </summary>
    public static bool TryReadDecodedLength(ReadOnlySpan<byte> block, out long length)
    {
        length = 0;
        for (int i = 0, shift = 0; i < block.Length && i < 5; i++, shift += 7)
        {
            byte b = block[i];
            length |= (long)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return length <= uint.MaxValue;
            }
        }
        return false;
    }
}

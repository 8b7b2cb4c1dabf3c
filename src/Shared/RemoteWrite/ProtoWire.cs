namespace Aggregator.Shared.RemoteWrite;

/// <summary>Protobuf wire-format constants and size arithmetic shared by the reader and writer.</summary>
internal static class ProtoWire
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    public static uint Tag(int field, int wireType) => (uint)((field << 3) | wireType);

    public static int VarintSize(ulong value)
    {
        int n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }
        return n;
    }

    /// <summary>Size of a length-delimited field (tag assumed one byte, as for fields 1..15).</summary>
    public static int FieldSize(int payloadLength) => 1 + VarintSize((ulong)payloadLength) + payloadLength;

    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    public static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);
}

namespace Aggregator.Shared.Model;

/// <summary>
/// Prometheus's staleness marker: one specific NaN bit pattern (0x7ff0000000000002).
/// Note: it must be compared by bits — every NaN compares unequal, and an ordinary NaN sample
/// (0x7ff8000000000001 as Prometheus writes it) is a value, not a marker.
/// </summary>
public static class StaleMarker
{
    public const ulong Bits = 0x7ff0000000000002UL;

    public static readonly double Value = BitConverter.UInt64BitsToDouble(Bits);

    public static bool IsStale(double value) => BitConverter.DoubleToUInt64Bits(value) == Bits;
}

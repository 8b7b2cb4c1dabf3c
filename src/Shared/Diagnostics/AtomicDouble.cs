namespace Aggregator.Shared.Diagnostics;

/// <summary>A double updated lock-free (compare-and-swap on its bit pattern).</summary>
internal struct AtomicDouble
{
    private long _bits;

    public double Value => BitConverter.Int64BitsToDouble(Volatile.Read(ref _bits));

    public void Set(double value) => Interlocked.Exchange(ref _bits, BitConverter.DoubleToInt64Bits(value));

    public void Add(double delta)
    {
        long current = Volatile.Read(ref _bits);
        while (true)
        {
            long next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(current) + delta);
            long seen = Interlocked.CompareExchange(ref _bits, next, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }
}

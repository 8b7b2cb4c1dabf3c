using Aggregator.Shared.Model;

namespace Aggregator.Shared.Storage;

/// <summary>
/// The recent samples of one series, oldest first, covering at most <c>length</c> milliseconds
/// before the newest sample. A ring buffer that grows by doubling and never shrinks below what the
/// window needs. Not thread-safe: the owning family table's lock guards it.
/// </summary>
internal sealed class SampleWindow
{
    private long[] _times = new long[4];
    private double[] _values = new double[4];
    private int _head;

    public int Count { get; private set; }

    /// <summary>Appends a sample newer than every held one and drops those older than the window.</summary>
    public void Append(long timestampMs, double value, long lengthMs)
    {
        long oldestKept = timestampMs - lengthMs;
        while (Count > 0 && _times[_head] < oldestKept)
        {
            _head = (_head + 1) % _times.Length;
            Count--;
        }
        if (Count == _times.Length)
        {
            Grow();
        }
        int at = (_head + Count) % _times.Length;
        _times[at] = timestampMs;
        _values[at] = value;
        Count++;
    }

    /// <summary>Replaces the value of the newest sample (a duplicate timestamp: last write wins).</summary>
    public void ReplaceNewest(double value)
    {
        if (Count > 0)
        {
            _values[(_head + Count - 1) % _times.Length] = value;
        }
    }

    /// <summary>Adds the samples with <paramref name="minMs"/> ≤ t ≤ <paramref name="maxMs"/>, oldest first.</summary>
    public int CopyTo(long minMs, long maxMs, List<Sample> into)
    {
        int added = 0;
        for (int i = 0; i < Count; i++)
        {
            int at = (_head + i) % _times.Length;
            long t = _times[at];
            if (t > maxMs)
            {
                break;
            }
            if (t >= minMs)
            {
                into.Add(new Sample(t, _values[at]));
                added++;
            }
        }
        return added;
    }

    /// <summary>Writes the samples with <paramref name="minMs"/> ≤ t ≤ <paramref name="maxMs"/> into <paramref name="buffer"/> (grown as needed), oldest first; returns how many.</summary>
    public int CopyTo(long minMs, long maxMs, ref Sample[] buffer)
    {
        // Note: the capacity is a power of two (4, doubled by Grow), so a mask replaces the modulo;
        // rules read the newest part of the window, so the range is found scanning back from the newest.
        int mask = _times.Length - 1;
        int end = Count;
        while (end > 0 && _times[(_head + end - 1) & mask] > maxMs)
        {
            end--;
        }
        int start = end;
        while (start > 0 && _times[(_head + start - 1) & mask] >= minMs)
        {
            start--;
        }
        int n = end - start;
        if (buffer.Length < n)
        {
            buffer = new Sample[Math.Max(n, buffer.Length * 2)];
        }
        for (int i = 0; i < n; i++)
        {
            int at = (_head + start + i) & mask;
            buffer[i] = new Sample(_times[at], _values[at]);
        }
        return n;
    }

    /// <summary>The newest held sample with t ≤ <paramref name="maxMs"/>.</summary>
    public bool TryLatestAtOrBefore(long maxMs, out Sample sample)
    {
        for (int i = Count - 1; i >= 0; i--)
        {
            int at = (_head + i) % _times.Length;
            if (_times[at] <= maxMs)
            {
                sample = new Sample(_times[at], _values[at]);
                return true;
            }
        }
        sample = default;
        return false;
    }

    private void Grow()
    {
        var times = new long[_times.Length * 2];
        var values = new double[_times.Length * 2];
        for (int i = 0; i < Count; i++)
        {
            int at = (_head + i) % _times.Length;
            times[i] = _times[at];
            values[i] = _values[at];
        }
        _times = times;
        _values = values;
        _head = 0;
    }
}

using Aggregator.Shared.Model;

namespace Aggregator.Shared.Storage;

/// <summary>
/// The recent samples of one series, oldest first, covering at most <c>length</c> milliseconds
/// before the newest sample. A ring buffer of (timestamp, value) pairs in one array, sized once when the
/// samples' spacing is known (<see cref="CapacityFor"/>) and grown by half when more arrive than that.
/// Not thread-safe: the owning family table's lock guards it.
/// <para>
/// Note: one array of pairs instead of an array of timestamps and one of values saves an array header and a
/// reference per series, and a window sized at once leaves no outgrown array behind: a window that doubled
/// 4 → 8 after its series had reached the oldest generation left both dead 4-element arrays there as a hole per
/// series (BENCHMARKS.md "Session 7, helper mem2": 186 B per windowed series plus 92 B of holes at 100k).
/// </para>
/// </summary>
internal sealed class SampleWindow
{
    /// <summary>The room a window starts with when the samples' spacing is unknown.</summary>
    public const int DefaultCapacity = 4;

    private const int MaxPresizedCapacity = 1024;

    private Sample[] _samples;
    private int _head;

    public SampleWindow(int capacity = DefaultCapacity)
    {
        _samples = new Sample[Math.Max(1, capacity)];
    }

    public int Count { get; private set; }

    /// <summary>Room held (samples), for tests.</summary>
    internal int Capacity => _samples.Length;

    /// <summary>
    /// The room for a window of <paramref name="lengthMs"/> with samples <paramref name="intervalMs"/> apart: every
    /// sample within the length (both ends) plus one for jitter; <see cref="DefaultCapacity"/> when the spacing is unknown.
    /// </summary>
    public static int CapacityFor(long lengthMs, long intervalMs) =>
        intervalMs <= 0 || lengthMs <= 0 ? DefaultCapacity : (int)Math.Min(lengthMs / intervalMs + 2, MaxPresizedCapacity);

    /// <summary>Appends a sample newer than every held one and drops those older than the window.</summary>
    public void Append(long timestampMs, double value, long lengthMs)
    {
        long oldestKept = timestampMs - lengthMs;
        while (Count > 0 && _samples[_head].TimestampMs < oldestKept)
        {
            _head = Wrap(_head + 1);
            Count--;
        }
        if (Count == _samples.Length)
        {
            Grow();
        }
        _samples[Wrap(_head + Count)] = new Sample(timestampMs, value);
        Count++;
    }

    /// <summary>Replaces the value of the newest sample (a duplicate timestamp: last write wins).</summary>
    public void ReplaceNewest(double value)
    {
        if (Count > 0)
        {
            int at = Wrap(_head + Count - 1);
            _samples[at] = _samples[at] with { Value = value };
        }
    }

    /// <summary>Adds the samples with <paramref name="minMs"/> ≤ t ≤ <paramref name="maxMs"/>, oldest first.</summary>
    public int CopyTo(long minMs, long maxMs, List<Sample> into)
    {
        int added = 0;
        for (int i = 0; i < Count; i++)
        {
            var sample = _samples[Wrap(_head + i)];
            if (sample.TimestampMs > maxMs)
            {
                break;
            }
            if (sample.TimestampMs >= minMs)
            {
                into.Add(sample);
                added++;
            }
        }
        return added;
    }

    /// <summary>Writes the samples with <paramref name="minMs"/> ≤ t ≤ <paramref name="maxMs"/> into <paramref name="buffer"/> (grown as needed), oldest first; returns how many.</summary>
    public int CopyTo(long minMs, long maxMs, ref Sample[] buffer)
    {
        // Note: rules read the newest part of the window, so the range is found scanning back from the newest.
        int end = Count;
        while (end > 0 && _samples[Wrap(_head + end - 1)].TimestampMs > maxMs)
        {
            end--;
        }
        int start = end;
        while (start > 0 && _samples[Wrap(_head + start - 1)].TimestampMs >= minMs)
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
            buffer[i] = _samples[Wrap(_head + start + i)];
        }
        return n;
    }

    /// <summary>The newest held sample with t ≤ <paramref name="maxMs"/>.</summary>
    public bool TryLatestAtOrBefore(long maxMs, out Sample sample)
    {
        for (int i = Count - 1; i >= 0; i--)
        {
            var held = _samples[Wrap(_head + i)];
            if (held.TimestampMs <= maxMs)
            {
                sample = held;
                return true;
            }
        }
        sample = default;
        return false;
    }

    // Note: an index past the end by less than one length (the head plus at most Count); no modulo.
    private int Wrap(int index) => index >= _samples.Length ? index - _samples.Length : index;

    private void Grow()
    {
        var samples = new Sample[_samples.Length + Math.Max(1, _samples.Length / 2)];
        for (int i = 0; i < Count; i++)
        {
            samples[i] = _samples[Wrap(_head + i)];
        }
        _samples = samples;
        _head = 0;
    }
}

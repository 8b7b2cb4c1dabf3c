using System.Buffers;

namespace Aggregator.Tests.Common;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s to feed parsers at every split point.</summary>
public static class SegmentedSequence
{
    /// <summary>A sequence whose segments are the given pieces, in order.</summary>
    public static ReadOnlySequence<byte> Of(params ReadOnlyMemory<byte>[] pieces)
    {
        if (pieces.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }
        var first = new Segment(pieces[0], 0);
        var last = first;
        for (int i = 1; i < pieces.Length; i++)
        {
            last = last.Append(pieces[i]);
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Two segments split at <paramref name="offset"/>.</summary>
    public static ReadOnlySequence<byte> SplitAt(byte[] data, int offset) =>
        Of(data.AsMemory(0, offset), data.AsMemory(offset));

    /// <summary>One segment per byte.</summary>
    public static ReadOnlySequence<byte> OneBytePerSegment(byte[] data)
    {
        var pieces = new ReadOnlyMemory<byte>[data.Length];
        for (int i = 0; i < data.Length; i++)
        {
            pieces[i] = data.AsMemory(i, 1);
        }
        return Of(pieces);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}

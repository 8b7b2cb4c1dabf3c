using System.Buffers.Binary;
using Aggregator.Shared.DiskQueue;
using Aggregator.Shared.RemoteWrite;

namespace Aggregator.Integration.Tests.Faults;

/// <summary>
/// Reads a stopped Node's forward queue from disk: which <c>fault:seq</c> values it still holds to send,
/// and where each record lies in its segment file (to damage one). The queue is read from a copy, so the
/// Node finds its own files untouched when it starts again.
/// </summary>
internal static class FaultQueue
{
    private const int HeaderSize = 12;

    /// <summary>The <c>fault:seq</c> values of the batches not yet acknowledged, oldest first.</summary>
    public static IReadOnlyList<double> Pending(string queueDirectory)
    {
        var copy = Directory.CreateTempSubdirectory("fault-queue-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(queueDirectory))
            {
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            }
            using var queue = DurableQueue.Open(new DiskQueueOptions { Directory = copy, Fsync = false });
            var values = new List<double>();
            while (queue.TryPeek(out var batch))
            {
                values.AddRange(SeqValues(batch));
                queue.Ack();
            }
            return values;
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    /// <summary>Every record of the newest segment file: where its payload starts, how long it is, and the values it holds.</summary>
    public static (string Segment, IReadOnlyList<(long PayloadAt, int Length, IReadOnlyList<double> Values)> Records) NewestSegment(string queueDirectory)
    {
        var segment = Directory.GetFiles(queueDirectory, "*.seg").Order(StringComparer.Ordinal).Last();
        var bytes = File.ReadAllBytes(segment);
        var records = new List<(long, int, IReadOnlyList<double>)>();
        for (int at = 0; at + HeaderSize <= bytes.Length;)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + 4));
            if (at + HeaderSize + length > bytes.Length)
            {
                break;
            }
            records.Add((at + HeaderSize, length, SeqValues(bytes.AsSpan(at + HeaderSize, length))));
            at += HeaderSize + length;
        }
        return (segment, records);
    }

    private static List<double> SeqValues(ReadOnlySpan<byte> batch)
    {
        var decoded = RemoteWriteDecoder.Decode(batch);
        Assert.True(decoded.Ok, $"a queued batch does not decode: {decoded.Error}");
        return [.. decoded.Batch!.Series.Where(s => s.Labels.MetricName == "fault:seq").SelectMany(s => s.Samples).Select(s => s.Value)];
    }
}

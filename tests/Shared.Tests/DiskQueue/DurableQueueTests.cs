using System.Text;
using Aggregator.Shared.DiskQueue;
using FsCheck;
using FsCheck.Fluent;

namespace Aggregator.Shared.Tests.DiskQueue;

public sealed class DurableQueueTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("durable-queue").FullName;

    private DiskQueueOptions Options(long maxBytes = 1 << 20, long segmentBytes = 4096) =>
        new() { Directory = _dir, MaxBytes = maxBytes, SegmentBytes = segmentBytes };

    private static byte[] Batch(int i, int size = 100)
    {
        var b = new byte[size];
        Encoding.ASCII.GetBytes($"batch-{i:D5}").CopyTo(b, 0);
        return b;
    }

    private static List<byte[]> Drain(DurableQueue queue)
    {
        var all = new List<byte[]>();
        while (queue.TryPeek(out var batch))
        {
            all.Add(batch);
            Assert.True(queue.Ack());
        }
        return all;
    }

    private string[] SegmentFiles() => [.. Directory.GetFiles(_dir, "*.seg").Order(StringComparer.Ordinal)];

    [Fact]
    public void AppendPeekAck_ManySegments_FifoOrderAndConsumedSegmentsDeleted()
    {
        using var queue = DurableQueue.Open(Options());
        for (int i = 0; i < 200; i++)
        {
            queue.Append(Batch(i));
        }
        Assert.True(queue.SegmentCount > 3);
        Assert.Equal(200, queue.PendingCount);

        var drained = Drain(queue);

        Assert.Equal(Enumerable.Range(0, 200).Select(i => Batch(i)), drained);
        Assert.Equal(0, queue.PendingCount);
        Assert.Single(SegmentFiles());
    }

    [Fact]
    public void Open_AfterPartialAck_ResumesExactlyAfterLastAck()
    {
        using (var queue = DurableQueue.Open(Options()))
        {
            for (int i = 0; i < 100; i++)
            {
                queue.Append(Batch(i));
            }
            for (int i = 0; i < 57; i++)
            {
                Assert.True(queue.TryPeek(out _));
                queue.Ack();
            }
            // Note: peeked but not acknowledged — it must come again after the restart.
            Assert.True(queue.TryPeek(out _));
        }

        using var reopened = DurableQueue.Open(Options());

        Assert.Equal(43, reopened.PendingCount);
        Assert.Equal(Enumerable.Range(57, 43).Select(i => Batch(i)), Drain(reopened));
        Assert.Equal(0, reopened.CorruptBatches);
    }

    [Fact]
    public void Open_ThenAppend_ContinuesInOrderAcrossRestarts()
    {
        for (int round = 0; round < 3; round++)
        {
            using var queue = DurableQueue.Open(Options());
            for (int i = 0; i < 10; i++)
            {
                queue.Append(Batch(round * 10 + i));
            }
        }

        using var reopened = DurableQueue.Open(Options());

        Assert.Equal(Enumerable.Range(0, 30).Select(i => Batch(i)), Drain(reopened));
    }

    [Fact]
    public void Append_BeyondMaxBytes_DropsOldestSegmentAndCountsItsBatches()
    {
        using var queue = DurableQueue.Open(Options(maxBytes: 8192, segmentBytes: 2048));
        for (int i = 0; i < 200; i++)
        {
            queue.Append(Batch(i));
        }

        Assert.True(queue.DiskBytes <= 8192, $"disk bytes {queue.DiskBytes}");
        Assert.True(queue.DroppedBatches > 0);
        Assert.Equal(queue.DroppedBatches * 112, queue.DroppedBytes);
        var rest = Drain(queue);
        // Note: what is left is exactly the newest batches, none lost in between.
        Assert.Equal(200, queue.DroppedBatches + rest.Count);
        Assert.Equal(Enumerable.Range((int)queue.DroppedBatches, rest.Count).Select(i => Batch(i)), rest);
    }

    [Fact]
    public void Append_WhileReaderHoldsDroppedBatch_AckReportsNothingAndReadingContinues()
    {
        using var queue = DurableQueue.Open(Options(maxBytes: 4096, segmentBytes: 2048));
        queue.Append(Batch(0));
        Assert.True(queue.TryPeek(out _));
        for (int i = 1; i < 60; i++)
        {
            queue.Append(Batch(i));
        }

        bool acked = queue.Ack();

        Assert.False(acked);
        Assert.True(queue.TryPeek(out var next));
        // Note: batch 0 was being sent when its segment was dropped and its send succeeded (the Ack): not lost, not counted.
        Assert.Equal(Batch((int)queue.DroppedBatches + 1), next);
    }

    [Fact]
    public void Append_WhileBatchBeingSentIsDropped_CountedOnlyWhenItsSendFails()
    {
        using var queue = DurableQueue.Open(Options(maxBytes: 4096, segmentBytes: 2048));
        queue.Append(Batch(0));
        Assert.True(queue.TryPeek(out _));
        for (int i = 1; i < 60; i++)
        {
            queue.Append(Batch(i));
        }
        long whileSending = queue.DroppedBatches;

        // Note: no Ack: the send failed, so the next peek is the first batch kept, and the dropped one is lost.
        Assert.True(queue.TryPeek(out var next));

        Assert.Equal(whileSending + 1, queue.DroppedBatches);
        Assert.Equal(Batch((int)queue.DroppedBatches), next);
        Assert.Equal(queue.DroppedBatches * 112, queue.DroppedBytes);
        Assert.Equal(60, queue.DroppedBatches + Drain(queue).Count);
    }

    [Fact]
    public void Open_TornTailAtEveryLength_KeepsWholeRecordsCountsAndAppendsAfter()
    {
        const int recordLength = 12 + 100;
        for (int cut = 1; cut < recordLength; cut++)
        {
            Directory.Delete(_dir, recursive: true);
            using (var queue = DurableQueue.Open(Options()))
            {
                for (int i = 0; i < 3; i++)
                {
                    queue.Append(Batch(i));
                }
            }
            var file = SegmentFiles()[^1];
            using (var stream = new FileStream(file, FileMode.Open))
            {
                stream.SetLength(stream.Length - cut);
            }

            using var reopened = DurableQueue.Open(Options());
            reopened.Append(Batch(3));

            Assert.Equal(1, reopened.CorruptBatches);
            Assert.Equal([Batch(0), Batch(1), Batch(3)], Drain(reopened));
        }
    }

    [Fact]
    public void Open_GarbageAppendedToTail_SkippedAndCounted()
    {
        using (var queue = DurableQueue.Open(Options()))
        {
            queue.Append(Batch(0));
        }
        File.AppendAllText(SegmentFiles()[^1], "garbage after a crash");

        using var reopened = DurableQueue.Open(Options());

        Assert.Equal(1, reopened.CorruptBatches);
        Assert.Equal([Batch(0)], Drain(reopened));
    }

    [Fact]
    public void Open_FlippedByteInSealedSegment_OnlyThatBatchSkippedAndCounted()
    {
        using (var queue = DurableQueue.Open(Options(segmentBytes: 1024)))
        {
            for (int i = 0; i < 20; i++)
            {
                queue.Append(Batch(i));
            }
        }
        var first = SegmentFiles()[0];
        var bytes = File.ReadAllBytes(first);
        bytes[112 * 2 + 50] ^= 0x40; // payload of the third record
        File.WriteAllBytes(first, bytes);

        using var reopened = DurableQueue.Open(Options(segmentBytes: 1024));
        var drained = Drain(reopened);

        Assert.Equal(1, reopened.CorruptBatches);
        Assert.Equal(Enumerable.Range(0, 20).Where(i => i != 2).Select(i => Batch(i)), drained);
    }

    [Fact]
    public void Open_FlippedByteInLastSegment_LaterBatchesKeptAndAppendsGoOnAfterThem()
    {
        using (var queue = DurableQueue.Open(Options()))
        {
            for (int i = 0; i < 5; i++)
            {
                queue.Append(Batch(i));
            }
        }
        var file = SegmentFiles()[^1];
        var bytes = File.ReadAllBytes(file);
        bytes[112 * 1 + 12 + 30] ^= 0x01; // payload of the second record
        File.WriteAllBytes(file, bytes);

        using var reopened = DurableQueue.Open(Options());
        reopened.Append(Batch(5));

        Assert.Equal(5, reopened.PendingCount);
        Assert.Equal(new[] { 0, 2, 3, 4, 5 }.Select(i => Batch(i)), Drain(reopened));
        Assert.Equal(1, reopened.CorruptBatches);
    }

    [Fact]
    public void Open_DamagedRecordStartAfterCursor_CursorSkipsToNextGoodRecord()
    {
        using (var queue = DurableQueue.Open(Options()))
        {
            for (int i = 0; i < 4; i++)
            {
                queue.Append(Batch(i));
            }
            Assert.True(queue.TryPeek(out _));
            Assert.True(queue.Ack());
        }
        var file = SegmentFiles()[^1];
        var bytes = File.ReadAllBytes(file);
        bytes[112 * 1] ^= 0xff; // magic of the second record: its length cannot be trusted, the next magic is found
        File.WriteAllBytes(file, bytes);

        using var reopened = DurableQueue.Open(Options());

        Assert.Equal(new[] { 2, 3 }.Select(i => Batch(i)), Drain(reopened));
        Assert.Equal(1, reopened.CorruptBatches);
    }

    [Fact]
    public void TryPeek_CorruptionAfterOpen_SkippedNotThrown()
    {
        using var queue = DurableQueue.Open(Options(segmentBytes: 1024));
        for (int i = 0; i < 12; i++)
        {
            queue.Append(Batch(i));
        }
        var first = SegmentFiles()[0];
        using (var stream = new FileStream(first, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            stream.Position = 5;
            stream.WriteByte(0x7f);
        }

        var drained = Drain(queue);

        // Note: the first segment's 9 records were valid when opened; all of them became unreachable.
        Assert.Equal(9, queue.CorruptBatches);
        Assert.Equal(Enumerable.Range(9, 3).Select(i => Batch(i)), drained);
    }

    [Fact]
    public void Open_CorruptCursor_RedeliversFromOldestInsteadOfLosing()
    {
        using (var queue = DurableQueue.Open(Options()))
        {
            for (int i = 0; i < 5; i++)
            {
                queue.Append(Batch(i));
            }
            queue.TryPeek(out _);
            queue.Ack();
        }
        File.WriteAllText(Path.Combine(_dir, "cursor"), "not a cursor");

        using var reopened = DurableQueue.Open(Options());

        Assert.Equal(0, reopened.CorruptBatches);
        Assert.Equal(5, Drain(reopened).Count);
    }

    [Fact]
    public void Open_InvalidOptions_ThrowsListingEveryProblem()
    {
        var e = Assert.Throws<ArgumentException>(() => DurableQueue.Open(new DiskQueueOptions { Directory = "", MaxBytes = 1000, SegmentBytes = 600 }));

        Assert.Contains("directory must be set", e.Message);
        Assert.Contains("segment size", e.Message);
        Assert.Contains("twice the segment size", e.Message);
    }

    [Fact]
    public void RandomOperationsWithRestarts_BehaveLikeAnInMemoryFifo()
    {
        Prop.ForAll<int[]>(ops =>
        {
            Directory.Delete(_dir, recursive: true);
            var model = new Queue<byte[]>();
            var queue = DurableQueue.Open(Options(maxBytes: 1L << 30, segmentBytes: 2048));
            int next = 0;
            try
            {
                foreach (int op in ops)
                {
                    switch (Math.Abs(op % 4))
                    {
                        case 0:
                        case 1:
                            var batch = Batch(next++, size: 16 + Math.Abs(op % 300));
                            queue.Append(batch);
                            model.Enqueue(batch);
                            break;
                        case 2:
                            bool had = queue.TryPeek(out var got);
                            if (had != model.Count > 0 || (had && !got!.AsSpan().SequenceEqual(model.Peek())))
                            {
                                return false;
                            }
                            if (had)
                            {
                                queue.Ack();
                                model.Dequeue();
                            }
                            break;
                        default:
                            queue.Dispose();
                            queue = DurableQueue.Open(Options(maxBytes: 1L << 30, segmentBytes: 2048));
                            break;
                    }
                }
                var rest = Drain(queue);
                return rest.Count == model.Count && rest.Zip(model).All(p => p.First.AsSpan().SequenceEqual(p.Second));
            }
            finally
            {
                queue.Dispose();
            }
        }).QuickCheckThrowOnFailure();
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}

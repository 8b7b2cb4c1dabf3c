using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Win32.SafeHandles;

namespace Aggregator.Shared.DiskQueue;

/// <summary>
/// A durable FIFO of byte batches in segment files (one directory per queue). Every append is
/// fsynced; the read cursor is persisted on every <see cref="Ack"/>, so a restart resumes exactly
/// after the last acknowledged batch (a peeked but unacknowledged batch is delivered again). When
/// the files exceed <see cref="DiskQueueOptions.MaxBytes"/> the oldest segment is dropped and its
/// unread batches counted. Torn or corrupt records are detected by CRC-32, skipped and counted —
/// never thrown. Thread-safe; meant for one writer and one reader.
/// </summary>
public sealed partial class DurableQueue : IDurableQueue
{
    private readonly DiskQueueOptions _options;
    private readonly Lock _lock = new();
    private readonly List<DiskQueueSegment> _segments = [];
    private FileStream? _writer;
    private bool _sealWriteSegment;
    private SafeFileHandle? _reader;
    private long _readerSequence = -1;
    private long _readSequence;
    private long _readOffset;
    private long _peekedEnd = -1;
    private long _peekedDroppedBytes;
    private long _droppedBatches;
    private long _droppedBytes;
    private long _corruptBatches;

    private DurableQueue(DiskQueueOptions options)
    {
        _options = options;
    }

    /// <summary>Opens (or creates) the queue in <see cref="DiskQueueOptions.Directory"/>, recovering from torn writes.</summary>
    public static DurableQueue Open(DiskQueueOptions options)
    {
        var errors = options.Validate("disk queue");
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }
        var queue = new DurableQueue(options);
        queue.Recover();
        return queue;
    }

    /// <summary>Batches not yet acknowledged.</summary>
    public long PendingCount
    {
        get
        {
            lock (_lock)
            {
                long n = 0;
                foreach (var s in _segments)
                {
                    n += s.Sequence > _readSequence ? s.Offsets.Count : s.Sequence == _readSequence ? s.RecordsFrom(_readOffset) : 0;
                }
                return n;
            }
        }
    }

    /// <summary>Bytes of all segment files on disk.</summary>
    public long DiskBytes
    {
        get
        {
            lock (_lock)
            {
                return _segments.Sum(s => s.FileLength);
            }
        }
    }

    /// <summary>
    /// Batches dropped unread because the queue was full. A batch dropped while it was being sent (peeked,
    /// not acknowledged) counts only once its send failed (the next <see cref="TryPeek"/> comes without an <see cref="Ack"/>).
    /// </summary>
    public long DroppedBatches => Interlocked.Read(ref _droppedBatches);

    /// <summary>Record bytes (headers included) of the dropped batches.</summary>
    public long DroppedBytes => Interlocked.Read(ref _droppedBytes);

    /// <summary>
    /// Batches lost to torn or damaged records: each damaged record is skipped up to the next one that
    /// checks out (a record whose start cannot be told in a damaged region counts once with it).
    /// </summary>
    public long CorruptBatches => Interlocked.Read(ref _corruptBatches);

    public int SegmentCount
    {
        get
        {
            lock (_lock)
            {
                return _segments.Count;
            }
        }
    }

    /// <summary>Appends one batch and fsyncs it; then drops the oldest segments while over the bound.</summary>
    public void Append(ReadOnlySpan<byte> batch)
    {
        lock (_lock)
        {
            long recordLength = DiskQueueRecord.HeaderSize + (long)batch.Length;
            var segment = _segments.Count > 0 ? _segments[^1] : null;
            if (segment is null || _writer is null || _sealWriteSegment
                || (segment.ValidLength > 0 && segment.ValidLength + recordLength > _options.SegmentBytes))
            {
                segment = StartSegment();
            }
            var buffer = ArrayPool<byte>.Shared.Rent((int)recordLength);
            try
            {
                DiskQueueRecord.WriteHeader(buffer, batch);
                batch.CopyTo(buffer.AsSpan(DiskQueueRecord.HeaderSize));
                _writer!.Position = segment.ValidLength;
                _writer.Write(buffer, 0, (int)recordLength);
                _writer.Flush(flushToDisk: _options.Fsync);
            }
            catch (IOException)
            {
                // Note: a failed write may leave a partial record; never append after it.
                _sealWriteSegment = true;
                throw;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            segment.Offsets.Add(segment.ValidLength);
            segment.ValidLength += recordLength;
            segment.FileLength = Math.Max(segment.FileLength, segment.ValidLength);
            EnforceBound();
        }
    }

    /// <summary>
    /// The oldest unacknowledged batch, without removing it; false when the queue is empty.
    /// Corrupt records met on the way are skipped and counted.
    /// </summary>
    public bool TryPeek([NotNullWhen(true)] out byte[]? batch)
    {
        lock (_lock)
        {
            if (_peekedDroppedBytes > 0)
            {
                // Note: peeked again without an Ack: the send of the batch the bound dropped failed, so it is lost now.
                Interlocked.Increment(ref _droppedBatches);
                Interlocked.Add(ref _droppedBytes, _peekedDroppedBytes);
                _peekedDroppedBytes = 0;
            }
            while (true)
            {
                batch = null;
                var segment = ReadSegment();
                if (segment is null)
                {
                    return false;
                }
                SkipToRecord(segment);
                if (_readOffset >= segment.ValidLength)
                {
                    if (segment == _segments[^1])
                    {
                        return false;
                    }
                    AdvanceToNextSegment(segment);
                    continue;
                }
                batch = DiskQueueRecord.TryRead(Reader(segment), _readOffset, segment.ValidLength);
                if (batch is not null)
                {
                    _peekedEnd = _readOffset + DiskQueueRecord.HeaderSize + batch.Length;
                    return true;
                }
                // Note: the disk changed under us since recovery; give up on the rest of this segment, counting what it held.
                int held = segment.Offsets.Count;
                TrimAt(segment, _readOffset);
                Interlocked.Add(ref _corruptBatches, Math.Max(1, held - segment.Offsets.Count));
                if (segment == _segments[^1])
                {
                    _sealWriteSegment = true;
                }
            }
        }
    }

    /// <summary>
    /// Removes the batch returned by the last <see cref="TryPeek"/> and persists the cursor. Returns
    /// false when there is nothing to acknowledge: no peek, or the batch was dropped meanwhile by the bound.
    /// </summary>
    public bool Ack()
    {
        lock (_lock)
        {
            if (_peekedEnd < 0)
            {
                // Note: a batch the bound dropped while it was being sent was delivered after all: not lost.
                _peekedDroppedBytes = 0;
                return false;
            }
            _readOffset = _peekedEnd;
            _peekedEnd = -1;
            var segment = ReadSegment();
            if (segment is not null && _readOffset >= segment.ValidLength && segment != _segments[^1])
            {
                AdvanceToNextSegment(segment);
            }
            else
            {
                PersistCursor();
            }
            return true;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _writer?.Dispose();
            _writer = null;
            _reader?.Dispose();
            _reader = null;
        }
    }
}

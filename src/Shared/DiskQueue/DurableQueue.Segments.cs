using System.Buffers.Binary;
using System.Globalization;
using Aggregator.Shared.Hashing;
using Microsoft.Win32.SafeHandles;

namespace Aggregator.Shared.DiskQueue;

/// <summary>Segment files, the cursor file, recovery and the size bound of <see cref="DurableQueue"/>.</summary>
public sealed partial class DurableQueue
{
    private const string CursorFile = "cursor";

    private string CursorPath => Path.Combine(_options.Directory, CursorFile);

    private void Recover()
    {
        Directory.CreateDirectory(_options.Directory);
        foreach (var path in Directory.GetFiles(_options.Directory, "*.seg"))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out long seq))
            {
                _segments.Add(new DiskQueueSegment(seq, path));
            }
        }
        _segments.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        for (int i = 0; i < _segments.Count; i++)
        {
            Scan(_segments[i], isLast: i == _segments.Count - 1);
        }
        if (!TryReadCursor(out _readSequence, out _readOffset))
        {
            // Note: without a trustworthy cursor, deliver everything again rather than lose anything.
            _readSequence = _segments.Count > 0 ? _segments[0].Sequence : 0;
            _readOffset = 0;
        }
        while (_segments.Count > 1 && _segments[0].Sequence < _readSequence)
        {
            DeleteSegment(_segments[0]);
        }
        var first = _segments.Count > 0 ? _segments[0] : null;
        if (first is not null && first.Sequence > _readSequence)
        {
            _readSequence = first.Sequence;
            _readOffset = 0;
        }
        else if (first is not null && first.Sequence == _readSequence)
        {
            // Note: snap a cursor that is not on a record boundary forward to the next record.
            int i = first.Offsets.BinarySearch(_readOffset);
            _readOffset = i >= 0 ? _readOffset : (~i < first.Offsets.Count ? first.Offsets[~i] : first.ValidLength);
        }
        if (_segments.Count > 0)
        {
            OpenWriter(_segments[^1]);
        }
    }

    /// <summary>
    /// Finds the valid records of a segment. A damaged record is skipped up to the next record that checks
    /// out, so one flipped byte costs one batch, not the rest of the segment; the batches skipped are
    /// counted. A torn tail of the last segment is truncated away.
    /// </summary>
    private void Scan(DiskQueueSegment segment, bool isLast)
    {
        using var file = File.OpenHandle(segment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        long length = RandomAccess.GetLength(file);
        segment.FileLength = length;
        long offset = 0;
        long validEnd = 0;
        while (offset < length)
        {
            var payload = DiskQueueRecord.TryRead(file, offset, length);
            if (payload is not null)
            {
                segment.Offsets.Add(offset);
                offset += DiskQueueRecord.HeaderSize + payload.Length;
                validEnd = offset;
                continue;
            }
            var (next, lost) = DiskQueueRecord.FindNext(file, offset, length);
            Interlocked.Add(ref _corruptBatches, lost);
            if (next < 0)
            {
                break;
            }
            offset = next;
        }
        segment.ValidLength = validEnd;
        if (isLast && validEnd < length)
        {
            file.Dispose();
            using var truncate = new FileStream(segment.Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            truncate.SetLength(validEnd);
            truncate.Flush(flushToDisk: _options.Fsync);
            segment.FileLength = validEnd;
        }
    }

    private DiskQueueSegment StartSegment()
    {
        long seq = _segments.Count > 0 ? _segments[^1].Sequence + 1 : _readSequence;
        var segment = new DiskQueueSegment(seq, Path.Combine(_options.Directory, DiskQueueSegment.FileName(seq)));
        _segments.Add(segment);
        if (_segments.Count == 1)
        {
            _readSequence = seq;
            _readOffset = 0;
        }
        OpenWriter(segment);
        _sealWriteSegment = false;
        return segment;
    }

    private void OpenWriter(DiskQueueSegment segment)
    {
        _writer?.Dispose();
        _writer = new FileStream(segment.Path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
    }

    private DiskQueueSegment? ReadSegment()
    {
        foreach (var s in _segments)
        {
            if (s.Sequence >= _readSequence)
            {
                if (s.Sequence > _readSequence)
                {
                    _readSequence = s.Sequence;
                    _readOffset = 0;
                }
                return s;
            }
        }
        return null;
    }

    private SafeFileHandle Reader(DiskQueueSegment segment)
    {
        if (_reader is null || _readerSequence != segment.Sequence)
        {
            _reader?.Dispose();
            _reader = File.OpenHandle(segment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            _readerSequence = segment.Sequence;
        }
        return _reader;
    }

    /// <summary>Moves the read cursor past a damaged region skipped at recovery, onto the next valid record.</summary>
    private void SkipToRecord(DiskQueueSegment segment)
    {
        if (_readOffset >= segment.ValidLength)
        {
            return;
        }
        int i = segment.Offsets.BinarySearch(_readOffset);
        if (i < 0)
        {
            _readOffset = ~i < segment.Offsets.Count ? segment.Offsets[~i] : segment.ValidLength;
        }
    }

    /// <summary>Stops reading a segment at <paramref name="offset"/>: later records there are unreachable.</summary>
    private static void TrimAt(DiskQueueSegment segment, long offset)
    {
        segment.ValidLength = offset;
        int i = segment.Offsets.BinarySearch(offset);
        int from = i >= 0 ? i : ~i;
        segment.Offsets.RemoveRange(from, segment.Offsets.Count - from);
    }

    private void AdvanceToNextSegment(DiskQueueSegment consumed)
    {
        int index = _segments.IndexOf(consumed);
        var next = _segments[index + 1];
        _readSequence = next.Sequence;
        _readOffset = 0;
        PersistCursor();
        DeleteSegment(consumed);
    }

    private void EnforceBound()
    {
        long total = 0;
        foreach (var s in _segments)
        {
            total += s.FileLength;
        }
        while (total > _options.MaxBytes && _segments.Count > 1)
        {
            var oldest = _segments[0];
            long from = oldest.Sequence > _readSequence ? 0 : oldest.Sequence == _readSequence ? _readOffset : long.MaxValue;
            int unread = from == long.MaxValue ? 0 : oldest.RecordsFrom(from);
            if (unread > 0)
            {
                long bytes = oldest.ValidLength - oldest.Offsets[^unread];
                if (oldest.Sequence == _readSequence && _peekedEnd >= 0)
                {
                    // Note: the head batch is being sent right now; it is lost only if that send fails (no Ack follows).
                    _peekedDroppedBytes = _peekedEnd - _readOffset;
                    unread--;
                    bytes -= _peekedDroppedBytes;
                }
                Interlocked.Add(ref _droppedBatches, unread);
                Interlocked.Add(ref _droppedBytes, bytes);
            }
            total -= oldest.FileLength;
            if (oldest.Sequence >= _readSequence)
            {
                _readSequence = _segments[1].Sequence;
                _readOffset = 0;
                _peekedEnd = -1;
                PersistCursor();
            }
            DeleteSegment(oldest);
        }
    }

    private void DeleteSegment(DiskQueueSegment segment)
    {
        if (_readerSequence == segment.Sequence)
        {
            _reader?.Dispose();
            _reader = null;
            _readerSequence = -1;
        }
        _segments.Remove(segment);
        File.Delete(segment.Path);
    }

    /// <summary>Writes the cursor (sequence, offset, CRC) to a temporary file, fsyncs it, and renames it into place.</summary>
    private void PersistCursor()
    {
        Span<byte> data = stackalloc byte[20];
        BinaryPrimitives.WriteInt64LittleEndian(data, _readSequence);
        BinaryPrimitives.WriteInt64LittleEndian(data[8..], _readOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(data[16..], Crc32.Compute(data[..16]));
        var temp = CursorPath + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1))
        {
            file.Write(data);
            file.Flush(flushToDisk: _options.Fsync);
        }
        File.Move(temp, CursorPath, overwrite: true);
    }

    private bool TryReadCursor(out long sequence, out long offset)
    {
        sequence = 0;
        offset = 0;
        byte[] data;
        try
        {
            data = File.ReadAllBytes(CursorPath);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        if (data.Length != 20 || Crc32.Compute(data.AsSpan(0, 16)) != BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(16)))
        {
            // Note: nothing is lost (every batch is delivered again from the oldest), so nothing is counted as lost.
            return false;
        }
        sequence = BinaryPrimitives.ReadInt64LittleEndian(data);
        offset = BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(8));
        return sequence >= 0 && offset >= 0;
    }
}

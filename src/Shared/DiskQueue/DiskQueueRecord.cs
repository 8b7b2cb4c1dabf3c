using System.Buffers.Binary;
using Aggregator.Shared.Hashing;
using Microsoft.Win32.SafeHandles;

namespace Aggregator.Shared.DiskQueue;

/// <summary>
/// The record framing: magic (4 bytes), payload length (4), CRC-32 of length and payload (4), payload.
/// Note: the CRC covers the length too, so a torn or flipped length is caught before it is trusted.
/// </summary>
internal static class DiskQueueRecord
{
    public const int HeaderSize = 12;
    public const uint Magic = 0x51575241; // "ARWQ" little-endian

    public static void WriteHeader(Span<byte> header, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Checksum(header.Slice(4, 4), payload));
    }

    public static uint Checksum(ReadOnlySpan<byte> lengthBytes, ReadOnlySpan<byte> payload) =>
        Crc32.Append(Crc32.Compute(lengthBytes), payload);

    /// <summary>Reads and checks the record at <paramref name="offset"/>; null when it is torn or corrupt.</summary>
    public static byte[]? TryRead(SafeFileHandle file, long offset, long validEnd)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        if (validEnd - offset < HeaderSize || RandomAccess.Read(file, header, offset) != HeaderSize)
        {
            return null;
        }
        int length = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic || length < 0 || length > validEnd - offset - HeaderSize)
        {
            return null;
        }
        var payload = GC.AllocateUninitializedArray<byte>(length);
        if (RandomAccess.Read(file, payload, offset + HeaderSize) != length)
        {
            return null;
        }
        return Checksum(header.Slice(4, 4), payload) == BinaryPrimitives.ReadUInt32LittleEndian(header[8..]) ? payload : null;
    }

    /// <summary>
    /// After a damaged record at <paramref name="offset"/>: the start of the next record that checks out
    /// (-1: none before <paramref name="validEnd"/>) and how many batches the damaged region held — one when
    /// the damaged record's own length leads to a good record or the end, else one plus every further
    /// record start (magic) in the region that does not check out.
    /// </summary>
    public static (long Next, long Lost) FindNext(SafeFileHandle file, long offset, long validEnd)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        if (validEnd - offset >= HeaderSize && RandomAccess.Read(file, header, offset) == HeaderSize
            && BinaryPrimitives.ReadUInt32LittleEndian(header) == Magic)
        {
            int claimed = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
            long after = offset + HeaderSize + (long)claimed;
            if (claimed >= 0 && (after == validEnd || (after < validEnd && TryRead(file, after, validEnd) is not null)))
            {
                return (after == validEnd ? -1 : after, 1);
            }
        }
        long lost = 1;
        var buffer = new byte[64 * 1024];
        for (long at = offset + 1; at + 4 <= validEnd;)
        {
            int read = RandomAccess.Read(file, buffer, at);
            if (read < 4)
            {
                break;
            }
            for (int i = 0; i + 4 <= read; i++)
            {
                if (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(i)) != Magic)
                {
                    continue;
                }
                if (TryRead(file, at + i, validEnd) is not null)
                {
                    return (at + i, lost);
                }
                lost++;
            }
            // Note: the last three bytes are read again with the next block, so a magic across blocks is seen.
            at += read - 3;
        }
        return (-1, lost);
    }
}

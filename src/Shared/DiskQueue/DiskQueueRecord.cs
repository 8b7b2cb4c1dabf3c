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
}

using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Aggregator.Shared.Exposition.Protobuf;

/// <summary>
/// A growable, pooled protobuf output buffer. Nested messages reserve one length byte and shift
/// their content when the length needs more (rare for labels and samples).
/// </summary>
internal sealed class ProtoBuffer : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);

    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, Length);

    public void Clear() => Length = 0;

    /// <summary>Drops what was written after <paramref name="length"/>.</summary>
    public void Truncate(int length) => Length = length;

    public void WriteTag(int field, int wireType) => WriteVarint((uint)((field << 3) | wireType));

    public void WriteVarint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[Length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[Length++] = (byte)value;
    }

    public void WriteDoubleField(int field, double value)
    {
        WriteTag(field, 1);
        Ensure(8);
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(Length), value);
        Length += 8;
    }

    public void WriteVarintField(int field, ulong value)
    {
        WriteTag(field, 0);
        WriteVarint(value);
    }

    public void WriteSignedField(int field, long value)
    {
        WriteTag(field, 0);
        WriteVarint((ulong)((value << 1) ^ (value >> 63)));
    }

    public void WriteStringField(int field, string value)
    {
        WriteTag(field, 2);
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max < 128)
        {
            // Note: short strings (nearly all names and values) encode straight after a 1-byte length.
            Ensure(max + 1);
            int n = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(Length + 1));
            _buffer[Length] = (byte)n;
            Length += n + 1;
            return;
        }
        int count = Encoding.UTF8.GetByteCount(value);
        WriteVarint((uint)count);
        Ensure(count);
        Length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(Length));
    }

    public void WriteBytesField(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, 2);
        WriteVarint((uint)value.Length);
        WriteRaw(value);
    }

    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>Starts a nested message; pass the result to <see cref="EndNested"/>.</summary>
    public int BeginNested(int field)
    {
        WriteTag(field, 2);
        Ensure(1);
        _buffer[Length++] = 0;
        return Length;
    }

    public void EndNested(int contentStart)
    {
        int length = Length - contentStart;
        if (length < 128)
        {
            _buffer[contentStart - 1] = (byte)length;
            return;
        }
        int extra = 0;
        for (uint v = (uint)length; v >= 0x80; v >>= 7)
        {
            extra++;
        }
        Ensure(extra);
        _buffer.AsSpan(contentStart, length).CopyTo(_buffer.AsSpan(contentStart + extra));
        int at = contentStart - 1;
        uint value = (uint)length;
        while (value >= 0x80)
        {
            _buffer[at++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[at] = (byte)value;
        Length += extra;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void Ensure(int size)
    {
        if (_buffer.Length - Length >= size)
        {
            return;
        }
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, Length + size));
        _buffer.AsSpan(0, Length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}

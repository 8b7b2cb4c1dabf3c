using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Aggregator.Shared.Exposition.Protobuf;

/// <summary>
/// A minimal protobuf wire reader over one contiguous message. Note: decoding by hand (rather than
/// through generated classes) is what lets a scrape parse without allocating per sample.
/// </summary>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    public ProtoReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _pos = 0;
    }

    public readonly int Position => _pos;

    public readonly bool End => _pos >= _data.Length;

    /// <summary>Reads the next tag; false at the end. Throws <see cref="ProtoFormatException"/> on bad input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadTag(out int field, out int wireType)
    {
        if ((uint)_pos < (uint)_data.Length && _data[_pos] is >= 8 and < 0x80)
        {
            // Note: every field number below 16 has a one-byte tag; this is the inlined path.
            int tag = _data[_pos++];
            field = tag >> 3;
            wireType = tag & 7;
            return true;
        }
        return TryReadTagSlow(out field, out wireType);
    }

    private bool TryReadTagSlow(out int field, out int wireType)
    {
        if (_pos >= _data.Length)
        {
            field = 0;
            wireType = 0;
            return false;
        }
        ulong tag = ReadVarint();
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        if (field <= 0 || tag > int.MaxValue)
        {
            throw new ProtoFormatException(_pos, "invalid field number");
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarint()
    {
        // Note: tags and short lengths are one byte; only longer varints take the loop.
        if ((uint)_pos < (uint)_data.Length && _data[_pos] < 0x80)
        {
            return _data[_pos++];
        }
        return ReadVarintSlow();
    }

    private ulong ReadVarintSlow()
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_pos >= _data.Length)
            {
                throw new ProtoFormatException(_pos, "truncated varint");
            }
            byte b = _data[_pos++];
            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }
        throw new ProtoFormatException(_pos, "varint longer than 10 bytes");
    }

    public long ReadSignedVarint()
    {
        ulong v = ReadVarint();
        return (long)(v >> 1) ^ -(long)(v & 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double ReadDouble(int wireType)
    {
        Expect(wireType, 1);
        if (_data.Length - _pos < 8)
        {
            throw new ProtoFormatException(_pos, "truncated double");
        }
        double d = BinaryPrimitives.ReadDoubleLittleEndian(_data[_pos..]);
        _pos += 8;
        return d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> ReadBytes(int wireType)
    {
        Expect(wireType, 2);
        ulong length = ReadVarint();
        if (length > (ulong)(_data.Length - _pos))
        {
            throw new ProtoFormatException(_pos, "length-delimited field runs past the end of its message");
        }
        var span = _data.Slice(_pos, (int)length);
        _pos += (int)length;
        return span;
    }

    /// <summary>Like <see cref="ReadBytes"/>, but returns where the bytes sit in this reader's data.</summary>
    public void ReadBytesRange(int wireType, out int start, out int length)
    {
        var span = ReadBytes(wireType);
        length = span.Length;
        start = _pos - length;
    }

    public ulong ReadVarintField(int wireType)
    {
        Expect(wireType, 0);
        return ReadVarint();
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0:
                ReadVarint();
                break;
            case 1:
                Advance(8);
                break;
            case 2:
                ReadBytes(2);
                break;
            case 5:
                Advance(4);
                break;
            default:
                throw new ProtoFormatException(_pos, $"unsupported wire type {wireType}");
        }
    }

    private void Advance(int n)
    {
        if (_data.Length - _pos < n)
        {
            throw new ProtoFormatException(_pos, "truncated field");
        }
        _pos += n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void Expect(int wireType, int expected)
    {
        if (wireType != expected)
        {
            ThrowWireType(_pos, wireType, expected);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowWireType(int position, int wireType, int expected) =>
        throw new ProtoFormatException(position, $"wire type {wireType} where {expected} was expected");
}

/// <summary>Malformed protobuf input, with the byte offset inside the message.</summary>
internal sealed class ProtoFormatException(int offset, string message) : Exception(message)
{
    public int Offset { get; } = offset;
}

using System.Buffers.Binary;

namespace Aggregator.Shared.RemoteWrite;

/// <summary>
/// Reads protobuf fields from one span; every method returns false on malformed or truncated input
/// instead of throwing, and <see cref="Offset"/> says where (relative to the whole request).
/// </summary>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _baseOffset;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> data, int baseOffset)
    {
        _data = data;
        _baseOffset = baseOffset;
        _position = 0;
    }

    public readonly bool End => _position >= _data.Length;

    /// <summary>Byte offset of the next unread byte within the whole decoded request.</summary>
    public readonly int Offset => _baseOffset + _position;

    public bool TryReadTag(out int field, out int wireType)
    {
        field = 0;
        wireType = 0;
        if (!TryReadVarint(out ulong tag) || tag > uint.MaxValue)
        {
            return false;
        }
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        return field > 0;
    }

    public bool TryReadVarint(out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                return false;
            }
            byte b = _data[_position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                // Note: the tenth byte may only carry the top bit of a 64-bit value.
                return shift < 63 || b <= 1;
            }
        }
        return false;
    }

    public bool TryReadFixed64(out ulong value)
    {
        if (_data.Length - _position < 8)
        {
            value = 0;
            return false;
        }
        value = BinaryPrimitives.ReadUInt64LittleEndian(_data[_position..]);
        _position += 8;
        return true;
    }

    public bool TryReadDouble(out double value)
    {
        bool ok = TryReadFixed64(out ulong bits);
        value = BitConverter.UInt64BitsToDouble(bits);
        return ok;
    }

    /// <summary>Reads a length-delimited payload; <paramref name="payloadOffset"/> is its absolute offset.</summary>
    public bool TryReadBytes(out ReadOnlySpan<byte> payload, out int payloadOffset)
    {
        payload = default;
        payloadOffset = 0;
        if (!TryReadVarint(out ulong length) || length > (ulong)(_data.Length - _position))
        {
            return false;
        }
        payloadOffset = Offset;
        payload = _data.Slice(_position, (int)length);
        _position += (int)length;
        return true;
    }

    /// <summary>Skips a field of an unknown or unused number (forward compatibility).</summary>
    public bool TrySkip(int wireType)
    {
        switch (wireType)
        {
            case ProtoWire.Varint:
                return TryReadVarint(out _);
            case ProtoWire.Fixed64:
                return TryReadFixed64(out _);
            case ProtoWire.LengthDelimited:
                return TryReadBytes(out _, out _);
            case ProtoWire.Fixed32:
                if (_data.Length - _position < 4)
                {
                    return false;
                }
                _position += 4;
                return true;
            default:
                // Note: groups (3, 4) do not occur in proto3 remote-write; treat them as malformed.
                return false;
        }
    }
}

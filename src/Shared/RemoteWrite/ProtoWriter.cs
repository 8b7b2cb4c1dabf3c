using System.Buffers.Binary;
using System.Text;

namespace Aggregator.Shared.RemoteWrite;

/// <summary>
/// Writes protobuf fields into a span the caller sized exactly beforehand (measure, rent, write).
/// Note: all remote-write field numbers are below 16, so every tag is a single byte.
/// </summary>
internal ref struct ProtoWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public ProtoWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly int Position => _position;

    public void WriteTag(int field, int wireType) => _buffer[_position++] = (byte)ProtoWire.Tag(field, wireType);

    public void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer[_position++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[_position++] = (byte)value;
    }

    public void WriteFixed64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer[_position..], value);
        _position += 8;
    }

    /// <summary>A length prefix for a nested message of <paramref name="length"/> bytes that follows.</summary>
    public void WriteMessageHeader(int field, int length)
    {
        WriteTag(field, ProtoWire.LengthDelimited);
        WriteVarint((ulong)length);
    }

    public void WriteString(int field, string value, int utf8Length)
    {
        WriteMessageHeader(field, utf8Length);
        _position += Encoding.UTF8.GetBytes(value, _buffer[_position..]);
    }

    public void WriteDoubleField(int field, double value)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(value);
        if (bits != 0)
        {
            WriteTag(field, ProtoWire.Fixed64);
            WriteFixed64(bits);
        }
    }

    public void WriteVarintField(int field, ulong value)
    {
        if (value != 0)
        {
            WriteTag(field, ProtoWire.Varint);
            WriteVarint(value);
        }
    }
}

using System.Buffers;

namespace Aggregator.Shared.Exposition.Text;

/// <summary>
/// Splits a text exposition held in a <see cref="ReadOnlySequence{T}"/> into lines. A ref struct so
/// that lines are spans into the caller's buffers: a single-segment buffer is scanned directly, a
/// line crossing segments is copied once into the state's scratch buffer. After a partial buffer,
/// pass <see cref="State"/> into the next reader together with the unconsumed rest
/// (<see cref="Position"/>) to resume.
/// </summary>
internal ref struct TextExpositionReader
{
    private readonly ReadOnlySequence<byte> _data;
    private readonly bool _isFinalBlock;
    private readonly bool _single;
    private readonly ReadOnlySpan<byte> _span;
    private int _spanPos;
    private SequenceReader<byte> _reader;
    private TextReaderState _state;

    public TextExpositionReader(ReadOnlySequence<byte> data, bool isFinalBlock, TextReaderState state)
    {
        _data = data;
        _isFinalBlock = isFinalBlock;
        _state = state;
        _single = data.IsSingleSegment;
        _span = data.FirstSpan;
        _spanPos = 0;
        _reader = _single ? default : new SequenceReader<byte>(data);
    }

    public readonly TextReaderState State => _state;

    /// <summary>Where unread input starts (everything before it may be released).</summary>
    public readonly SequencePosition Position => _single ? _data.GetPosition(_spanPos) : _reader.Position;

    /// <summary>Line number (1-based) of the line last returned.</summary>
    public readonly int LineNumber => _state.LineNumber;

    /// <summary>The next line without its '\n'; false when no complete line is buffered (or at the end).</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        if (_single)
        {
            var rest = _span[_spanPos..];
            int nl = rest.IndexOf((byte)'\n');
            if (nl >= 0)
            {
                line = rest[..nl];
                _spanPos += nl + 1;
                _state.LineNumber++;
                return true;
            }
            return TryTakeLast(rest, out line);
        }
        if (_reader.TryReadTo(out ReadOnlySequence<byte> seq, (byte)'\n'))
        {
            line = Flatten(seq);
            _state.LineNumber++;
            return true;
        }
        if (_isFinalBlock && !_reader.End)
        {
            var tail = _reader.UnreadSequence;
            _reader.AdvanceToEnd();
            line = Flatten(tail);
            _state.LineNumber++;
            _state.EndedWithoutNewline = true;
            return true;
        }
        line = default;
        return false;
    }

    private bool TryTakeLast(ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> line)
    {
        if (_isFinalBlock && rest.Length > 0)
        {
            line = rest;
            _spanPos = _span.Length;
            _state.LineNumber++;
            _state.EndedWithoutNewline = true;
            return true;
        }
        line = default;
        return false;
    }

    private ReadOnlySpan<byte> Flatten(ReadOnlySequence<byte> seq)
    {
        if (seq.IsSingleSegment)
        {
            return seq.FirstSpan;
        }
        int length = checked((int)seq.Length);
        if (_state.Scratch is null || _state.Scratch.Length < length)
        {
            _state.Scratch = new byte[Math.Max(256, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)length))];
        }
        seq.CopyTo(_state.Scratch);
        return _state.Scratch.AsSpan(0, length);
    }
}

/// <summary>The resumable part of <see cref="TextExpositionReader"/>: copy it between buffers.</summary>
internal struct TextReaderState
{
    public int LineNumber;
    public bool EndedWithoutNewline;
    public byte[]? Scratch;
}

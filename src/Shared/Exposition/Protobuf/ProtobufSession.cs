using System.Buffers;

namespace Aggregator.Shared.Exposition.Protobuf;

/// <summary>
/// Reads varint-length-delimited MetricFamily messages from successive buffers. Only one message
/// is ever held at a time (copied once if it spans segments), so memory is bounded by the largest
/// family, not by the body. Errors name the message number (as "line") and its byte offset in the
/// body (as "column", 1-based).
/// </summary>
internal sealed class ProtobufSession : ExpositionSession
{
    /// <summary>Larger messages are refused rather than buffered.</summary>
    public const int MaxMessageBytes = 128 * 1024 * 1024;

    private readonly ProtobufFamilyDecoder _decoder;
    private readonly ExpositionReadOptions _options;
    private readonly Action<ProtobufFamilyDecoder, int>? _onFamily;
    private byte[] _scratch = [];
    private long _offset;
    private int _messageNumber;
    private bool _stopped;

    public ProtobufSession(ExpositionReadOptions options, ExpositionCache cache, IExpositionSink sink,
        Action<ProtobufFamilyDecoder, int>? onFamily = null)
    {
        _options = options;
        _onFamily = onFamily;
        _decoder = new ProtobufFamilyDecoder(cache, sink, options.Strict);
    }

    public override bool Stopped => _stopped;

    public override SequencePosition Feed(ReadOnlySequence<byte> buffer, bool isFinalBlock)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (!_stopped && !reader.End)
        {
            var start = reader.Position;
            long before = reader.Consumed;
            if (!TryReadLength(ref reader, out ulong length, out bool malformed))
            {
                if (malformed || isFinalBlock)
                {
                    AddError(_offset, malformed ? "length prefix longer than 10 bytes" : "truncated length prefix at the end of the body");
                    _stopped = true;
                }
                return start;
            }
            int prefix = (int)(reader.Consumed - before);
            if (length > MaxMessageBytes)
            {
                AddError(_offset, $"message of {length} bytes exceeds the {MaxMessageBytes}-byte limit");
                _stopped = true;
                return start;
            }
            if (reader.Remaining < (long)length)
            {
                if (isFinalBlock)
                {
                    AddError(_offset, $"truncated message: {length} bytes announced, {reader.Remaining} present");
                    _stopped = true;
                }
                return start;
            }
            var messageSequence = reader.Sequence.Slice(reader.Position, (long)length);
            _messageNumber++;
            Decode(messageSequence, _offset + prefix);
            reader.Advance((long)length);
            _offset += prefix + (long)length;
        }
        return reader.Position;
    }

    public override ExpositionReadResult Finish() => new(Errors, _decoder.Samples, _decoder.Histograms) { Exemplars = _decoder.Exemplars };

    private void Decode(ReadOnlySequence<byte> message, long bodyOffset)
    {
        ReadOnlySpan<byte> span;
        if (message.IsSingleSegment)
        {
            span = message.FirstSpan;
        }
        else
        {
            if (_scratch.Length < message.Length)
            {
                _scratch = new byte[Math.Max((int)message.Length, _scratch.Length * 2)];
            }
            message.CopyTo(_scratch);
            span = _scratch.AsSpan(0, (int)message.Length);
        }
        try
        {
            _decoder.Decode(span);
            _onFamily?.Invoke(_decoder, _messageNumber);
            if (_options.Lint && _decoder.LastFamily is { } family)
            {
                foreach (var problem in PromLint.Check(family.Name, family.Type, _decoder.LastHadHelp, []))
                {
                    AddError(bodyOffset, $"{family.Name} {problem}");
                }
            }
        }
        catch (ProtoFormatException e)
        {
            long at = bodyOffset + (e.Offset < 0 ? -1 - e.Offset : e.Offset);
            AddError(at, e.Message);
            if (_options.StopAtFirstError)
            {
                _stopped = true;
            }
        }
    }

    private void AddError(long bodyOffset, string message)
    {
        if (Errors.Count < _options.MaxErrors)
        {
            Errors.Add(new ExpositionError(Math.Max(1, _messageNumber), (int)Math.Min(int.MaxValue, bodyOffset + 1), $"protobuf message {Math.Max(1, _messageNumber)}: {message}"));
        }
        if (Errors.Count >= _options.MaxErrors)
        {
            _stopped = true;
        }
    }

    private static bool TryReadLength(ref SequenceReader<byte> reader, out ulong length, out bool malformed)
    {
        length = 0;
        malformed = false;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (!reader.TryRead(out byte b))
            {
                return false;
            }
            length |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }
        malformed = true;
        return false;
    }
}

using System.Buffers;

namespace Aggregator.Shared.Exposition.Text;

/// <summary>Drives <see cref="TextExpositionReader"/> over successive buffers into a <see cref="TextDecoder"/>.</summary>
internal sealed class TextSession : ExpositionSession
{
    /// <summary>Longest line accepted (a series with very many or very long labels still fits).</summary>
    public const int MaxLineBytes = 16 * 1024 * 1024;

    private readonly TextDecoder _decoder;
    private TextReaderState _state;

    public TextSession(bool openMetrics, ExpositionReadOptions options, ExpositionCache cache, IExpositionSink sink)
    {
        _decoder = new TextDecoder(openMetrics, options, cache, sink, Errors);
    }

    public override bool Stopped => _decoder.Stopped;

    public override SequencePosition Feed(ReadOnlySequence<byte> buffer, bool isFinalBlock)
    {
        var reader = new TextExpositionReader(buffer, isFinalBlock, _state);
        while (!_decoder.Stopped && reader.TryReadLine(out var line))
        {
            _decoder.ProcessLine(line, reader.LineNumber);
        }
        _state = reader.State;
        var position = reader.Position;
        if (!isFinalBlock && !_decoder.Stopped && buffer.Slice(position).Length > MaxLineBytes)
        {
            // Note: a line must fit in memory; without this a body with no newline would be buffered whole.
            _decoder.FailLine(_state.LineNumber + 1, $"line longer than {MaxLineBytes} bytes");
            return buffer.End;
        }
        return position;
    }

    public override ExpositionReadResult Finish()
    {
        _decoder.Finish(_state.LineNumber, _state.EndedWithoutNewline);
        return new ExpositionReadResult(Errors, _decoder.Samples, 0) { Exemplars = _decoder.Exemplars };
    }
}

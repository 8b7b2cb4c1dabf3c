using System.Buffers;

namespace Aggregator.Shared.Exposition;

/// <summary>One parse in progress: fed buffers as they arrive, resumable between them.</summary>
internal abstract class ExpositionSession
{
    protected List<ExpositionError> Errors { get; } = [];

    public abstract bool Stopped { get; }

    /// <summary>Parses what it can from <paramref name="buffer"/> and returns where unread input starts.</summary>
    public abstract SequencePosition Feed(ReadOnlySequence<byte> buffer, bool isFinalBlock);

    public abstract ExpositionReadResult Finish();
}

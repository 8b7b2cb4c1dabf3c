using System.Diagnostics.CodeAnalysis;

namespace Aggregator.Shared.DiskQueue;

/// <summary>What a sender needs of its durable queue (<see cref="DurableQueue"/>; a faulty one in tests).</summary>
internal interface IDurableQueue : IDisposable
{
    long PendingCount { get; }

    long DiskBytes { get; }

    long DroppedBatches { get; }

    /// <summary>Batches lost to torn or damaged records on disk.</summary>
    long CorruptBatches { get; }

    /// <summary>Appends and fsyncs one batch; throws <see cref="IOException"/> when the disk refuses it (full).</summary>
    void Append(ReadOnlySpan<byte> batch);

    bool TryPeek([NotNullWhen(true)] out byte[]? batch);

    bool Ack();
}

using Aggregator.Shared.DiskQueue;

namespace Aggregator.Tests.Common;

/// <summary>Real queues whose appends fail (IOException "No space left on device", as on a full disk) while <see cref="Full"/> is set; counts the opens.</summary>
internal sealed class FaultyDisk
{
    private int _opens;

    public volatile bool Full;

    public TimeSpan AppendDelay { get; init; }

    public int Opens => Volatile.Read(ref _opens);

    public IDurableQueue Open(DiskQueueOptions options)
    {
        Interlocked.Increment(ref _opens);
        return new Queue(this, DurableQueue.Open(options));
    }

    private sealed class Queue(FaultyDisk disk, DurableQueue inner) : IDurableQueue
    {
        public long PendingCount => inner.PendingCount;

        public long DiskBytes => inner.DiskBytes;

        public long DroppedBatches => inner.DroppedBatches;

        public long CorruptBatches => inner.CorruptBatches;

        public void Append(ReadOnlySpan<byte> batch)
        {
            if (disk.Full)
            {
                throw new IOException("No space left on device");
            }
            if (disk.AppendDelay > TimeSpan.Zero)
            {
                Thread.Sleep(disk.AppendDelay);
            }
            inner.Append(batch);
        }

        public bool TryPeek([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? batch) => inner.TryPeek(out batch);

        public bool Ack() => inner.Ack();

        public void Dispose() => inner.Dispose();
    }
}

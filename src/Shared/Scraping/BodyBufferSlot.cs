namespace Aggregator.Shared.Scraping;

/// <summary>
/// One source's response-body buffer, kept between its polls (which never overlap) instead of in
/// <see cref="System.Buffers.ArrayPool{T}.Shared"/>. Note: the shared pool keeps a returned array in the
/// returning thread's own slot, and a poll resumes on whichever thread-pool thread its I/O completes on, so
/// a source whose body is tens of MB left one such buffer on each of several threads (four 16 MB arrays
/// after three polls of 100k series, BENCHMARKS.md "Node memory, wave 3"). Here at most one buffer per
/// source outlives a poll, sized to the last body rather than to the largest body ever seen, and its pages are given
/// back to the system until the next poll (<see cref="IdlePages"/>).
/// </summary>
internal sealed class BodyBufferSlot
{
    /// <summary>The smallest buffer handed out (a small body's whole answer).</summary>
    public const int MinimumSize = 16 * 1024;

    private byte[]? _kept;

    /// <summary>Bytes held between polls (0 while a poll has the buffer, or when none is kept).</summary>
    public long HeldBytes => Volatile.Read(ref _kept)?.Length ?? 0;

    /// <summary>The kept buffer when it holds <paramref name="expected"/> bytes, else a new one with an eighth more room.</summary>
    public byte[] Take(int expected)
    {
        var kept = Interlocked.Exchange(ref _kept, null);
        if (kept is not null && kept.Length >= expected)
        {
            return kept;
        }
        return NewBuffer(expected + (long)expected / 8);
    }

    /// <summary>A buffer of at least <paramref name="size"/> bytes (capped at <see cref="Array.MaxLength"/>).</summary>
    public static byte[] NewBuffer(long size) =>
        GC.AllocateUninitializedArray<byte>((int)Math.Clamp(size, MinimumSize, Array.MaxLength));

    /// <summary>
    /// Gives a buffer back after its body was read. Note: kept only while the body filled at least a quarter
    /// of it, so a source whose answers shrank (series gone, a failed poll's error page) does not hold the
    /// old peak; the next poll then allocates at the new size.
    /// </summary>
    public void Return(byte[] buffer, int bodyLength)
    {
        if ((long)bodyLength * 4 >= buffer.Length)
        {
            // Note: kept, but not resident until the next poll writes into it (IdlePages).
            IdlePages.Discard(buffer);
            Volatile.Write(ref _kept, buffer);
        }
    }
}

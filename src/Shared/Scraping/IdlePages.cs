using System.Runtime.InteropServices;

namespace Aggregator.Shared.Scraping;

/// <summary>
/// Gives the memory pages of an idle byte buffer back to the operating system while keeping the buffer: the next
/// write faults them in again, zero-filled. For a source's body buffer, idle between polls (14 of every 15 s):
/// at 100k series four sources kept 19 MB resident for nothing (BENCHMARKS.md "Session 7, helper mem2").
/// Note: Linux only (<c>madvise(MADV_DONTNEED)</c> on private anonymous memory); elsewhere nothing happens. Only
/// whole pages inside the array's data are given back, never its header or a neighbour's bytes, and the array is
/// pinned during the call, so a compacting GC cannot move another object under it. The GC never reads a byte
/// array's contents, so zeroed pages are nothing it can notice.
/// </summary>
internal static unsafe partial class IdlePages
{
    /// <summary>Smaller buffers are left alone: a few pages are not worth a system call and the faults after it.</summary>
    public const int MinimumBytes = 256 * 1024;

    private const int MadvDontNeed = 4;

    /// <summary>Gives back the whole pages inside <paramref name="buffer"/>; returns how many bytes (0 when nothing was done).</summary>
    public static long Discard(byte[] buffer)
    {
        if (!OperatingSystem.IsLinux() || buffer.Length < MinimumBytes)
        {
            return 0;
        }
        long page = Environment.SystemPageSize;
        fixed (byte* data = buffer)
        {
            long start = ((long)data + page - 1) & ~(page - 1);
            long end = ((long)data + buffer.Length) & ~(page - 1);
            if (end <= start)
            {
                return 0;
            }
            return Advise((nint)start, (nuint)(end - start), MadvDontNeed) == 0 ? end - start : 0;
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Advise(nint address, nuint length, int advice);
}

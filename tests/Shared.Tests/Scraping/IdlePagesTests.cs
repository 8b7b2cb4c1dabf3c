using Aggregator.Shared.Scraping;
using Aggregator.Shared.Tests.Storage;

namespace Aggregator.Shared.Tests.Scraping;

/// <summary>
/// An idle body buffer's pages go back to the system: its contents read as zero afterwards (private anonymous
/// pages given back are zero-filled when touched again), nothing outside its whole pages changes, it still takes a
/// new body, and the process's resident anonymous memory drops by about its size. Linux only, like the call.
/// </summary>
[Collection(HeapMeasurementCollection.Name)]
public sealed class IdlePagesTests
{
    private const byte Filler = 0xAB;

    [Fact]
    public void Discard_LargeBuffer_ZeroesOnlyItsWholePagesAndItStillServes()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var buffer = GC.AllocateUninitializedArray<byte>(4 * 1024 * 1024 + 123);
        buffer.AsSpan().Fill(Filler);

        long given = IdlePages.Discard(buffer);

        Assert.InRange(given, buffer.Length - 2L * Environment.SystemPageSize, buffer.Length);
        int zeros = buffer.Count(static b => b == 0);
        int kept = buffer.Count(static b => b == Filler);
        Assert.Equal(given, zeros);
        Assert.Equal(buffer.Length - given, kept);
        Assert.Equal(Filler, buffer[^1]);

        buffer.AsSpan().Fill(7);
        Assert.All(buffer, static b => Assert.Equal(7, b));
    }

    [Fact]
    public void Discard_SmallBuffer_LeavesItAlone()
    {
        var buffer = new byte[IdlePages.MinimumBytes - 1];
        buffer.AsSpan().Fill(Filler);

        Assert.Equal(0, IdlePages.Discard(buffer));
        Assert.All(buffer, static b => Assert.Equal(Filler, b));
    }

    [Fact]
    public void Return_KeptBodyBuffer_ResidentMemoryDropsByAboutItsSize()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        const int size = 64 * 1024 * 1024;
        var slot = new BodyBufferSlot();
        var buffer = slot.Take(size);
        buffer.AsSpan().Fill(Filler);
        long before = ResidentAnonymousBytes();

        slot.Return(buffer, size);
        long after = ResidentAnonymousBytes();

        Assert.Equal(buffer.Length, slot.HeldBytes);
        Assert.True(before - after >= size / 2, $"resident anonymous memory {before} -> {after} bytes");
        Assert.Same(buffer, slot.Take(size));
    }

    private static long ResidentAnonymousBytes()
    {
        var line = File.ReadLines("/proc/self/status").First(static l => l.StartsWith("RssAnon:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}

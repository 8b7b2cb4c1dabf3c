using Aggregator.Shared.Model;
using Aggregator.Shared.Storage;

namespace Aggregator.Shared.Tests.Storage;

public class SampleWindowTests
{
    [Theory]
    [InlineData(60_000)]
    [InlineData(100_000)]
    [InlineData(420_000)]
    public void CopyToBuffer_RingWrappedManyTimes_SameAsCopyToList(long lengthMs)
    {
        var window = new SampleWindow();
        var buffer = new Sample[1];
        for (int k = 0; k < 100; k++)
        {
            window.Append(k * 15_000L, k, lengthMs);
            long newest = k * 15_000L;
            foreach (var (min, max) in new[] { (newest - 60_000 + 1, newest), (newest - 30_000, newest - 15_000), (0L, long.MaxValue), (newest + 1, newest + 5), (newest - 7, newest - 3) })
            {
                var expected = new List<Sample>();
                window.CopyTo(min, max, expected);

                int n = window.CopyTo(min, max, ref buffer);

                Assert.Equal(expected, buffer.Take(n));
            }
        }
    }

    [Theory]
    [InlineData(75_000, 15_000, 7)]
    [InlineData(75_000, 0, SampleWindow.DefaultCapacity)]
    [InlineData(0, 15_000, SampleWindow.DefaultCapacity)]
    [InlineData(315_000, 10_000, 33)]
    public void CapacityFor_LengthAndSpacing_EverySampleWithinTheLengthPlusOne(long lengthMs, long intervalMs, int expected)
    {
        Assert.Equal(expected, SampleWindow.CapacityFor(lengthMs, intervalMs));
    }

    [Theory]
    [InlineData(15_000)]
    [InlineData(14_200)]
    [InlineData(15_900)]
    public void Append_SizedForItsSpacing_NeverGrowsAndKeepsWhatTheLengthCovers(long spacingMs)
    {
        const long lengthMs = 75_000;
        var window = new SampleWindow(SampleWindow.CapacityFor(lengthMs, 15_000));
        int capacity = window.Capacity;

        for (int k = 0; k < 200; k++)
        {
            window.Append(k * spacingMs, k, lengthMs);
        }

        Assert.Equal(capacity, window.Capacity);
        var held = new List<Sample>();
        window.CopyTo(long.MinValue, long.MaxValue, held);
        long newest = 199 * spacingMs;
        var expected = Enumerable.Range(0, 200).Select(k => new Sample(k * spacingMs, k)).Where(s => s.TimestampMs >= newest - lengthMs).ToList();
        Assert.Equal(expected, held);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void Append_MoreSamplesThanItsRoom_GrowsAndKeepsThemInOrder(int capacity)
    {
        var window = new SampleWindow(capacity);
        var buffer = new Sample[1];
        for (int k = 0; k < 60; k++)
        {
            window.Append(k * 1_000L, k, 40_000);
            window.ReplaceNewest(k + 0.5);
            int n = window.CopyTo(long.MinValue, long.MaxValue, ref buffer);

            var expected = Enumerable.Range(Math.Max(0, k - 40), Math.Min(k, 40) + 1).Select(i => new Sample(i * 1_000L, i + 0.5)).ToList();
            Assert.Equal(expected, buffer.Take(n));
            Assert.True(window.TryLatestAtOrBefore(k * 1_000L - 1, out var earlier) == k > 0);
        }
    }
}

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
}

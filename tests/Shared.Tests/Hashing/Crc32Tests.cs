using System.Text;
using Aggregator.Shared.Hashing;

namespace Aggregator.Shared.Tests.Hashing;

public class Crc32Tests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xE8B7BE43u)]
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Compute_KnownVectors_MatchIeeeCrc32(string input, uint expected)
    {
        Assert.Equal(expected, Crc32.Compute(Encoding.ASCII.GetBytes(input)));
    }

    [Fact]
    public void Append_InTwoPartsAtEveryOffset_EqualsWhole()
    {
        var data = Encoding.UTF8.GetBytes("remote-write batches survive restarts");
        uint whole = Crc32.Compute(data);

        for (int split = 0; split <= data.Length; split++)
        {
            Assert.Equal(whole, Crc32.Append(Crc32.Compute(data.AsSpan(0, split)), data.AsSpan(split)));
        }
    }
}

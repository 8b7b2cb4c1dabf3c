using System.Text;
using Aggregator.Shared.Hashing;

namespace Aggregator.Shared.Tests.Hashing;

public class XxHash64Tests
{
    // Reference values of XXH64 with seed 0, as published with the reference implementation.
    [Theory]
    [InlineData("", 0xEF46DB3751D8E999UL)]
    [InlineData("a", 0xD24EC4F1A98C6E5BUL)]
    [InlineData("abc", 0x44BC2CF5AD770999UL)]
    [InlineData("Nobody inspects the spammish repetition", 0xFBCEA83C8A378BF1UL)]
    public void Hash_KnownInputs_MatchReference(string input, ulong expected)
    {
        Assert.Equal(expected, XxHash64.Hash(Encoding.UTF8.GetBytes(input)));
    }

    [Fact]
    public void Hash_LongInput_UsesStripeLoopAndIsStable()
    {
        var data = Encoding.UTF8.GetBytes(new string('x', 100));
        Assert.Equal(XxHash64.Hash(data), XxHash64.Hash(data.AsSpan()));
        Assert.NotEqual(XxHash64.Hash(data), XxHash64.Hash(data.AsSpan(1)));
    }
}

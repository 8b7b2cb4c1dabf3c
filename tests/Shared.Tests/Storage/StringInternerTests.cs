using Aggregator.Shared.Storage;

namespace Aggregator.Shared.Tests.Storage;

public class StringInternerTests
{
    [Fact]
    public void Intern_EqualStrings_SameInstance()
    {
        var interner = new StringInterner(1000);
        var first = interner.Intern(new string("job".ToCharArray()));
        Assert.Same(first, interner.Intern(new string("job".ToCharArray())));
        Assert.Same(first, interner.Intern("xjob".AsSpan(1)));
        Assert.Equal(1, interner.Count);
    }

    [Fact]
    public void Intern_ManyStrings_AllFoundAfterGrowth()
    {
        var interner = new StringInterner(100_000);
        var firsts = Enumerable.Range(0, 20_000).Select(i => interner.Intern("v" + i)).ToArray();
        for (int i = 0; i < firsts.Length; i++)
        {
            Assert.Same(firsts[i], interner.Intern("v" + i));
        }
        Assert.Equal(20_000, interner.Count);
    }

    [Fact]
    public void Intern_OverCapacity_ReturnsInputWithoutGrowing()
    {
        var interner = new StringInterner(64);
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal("x" + i, interner.Intern("x" + i));
        }
        Assert.True(interner.Count <= 64);
    }

    [Fact]
    public void Intern_CapacityZero_Disabled()
    {
        var interner = new StringInterner(0);
        var s = new string("a".ToCharArray());
        Assert.Same(s, interner.Intern(s));
        Assert.Equal(0, interner.Count);
    }
}

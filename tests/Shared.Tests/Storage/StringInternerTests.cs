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

    [Fact]
    public void Release_LastReference_RemovesTheString()
    {
        var interner = new StringInterner(1000);
        var first = interner.Intern(new string("job".ToCharArray()));
        interner.Intern(new string("job".ToCharArray()));

        interner.Release(first);
        Assert.Equal(1, interner.Count);
        interner.Release(first);

        Assert.Equal(0, interner.Count);
        Assert.NotSame(first, interner.Intern(new string("job".ToCharArray())));
    }

    [Fact]
    public void Release_EqualStringNotThePooledInstance_KeepsTheReference()
    {
        var interner = new StringInterner(1000);
        var pooled = interner.Intern(new string("api".ToCharArray()));

        // Note: an equal string handed back un-interned (the pool was full) must not release the pooled one.
        interner.Release(new string("api".ToCharArray()));

        Assert.Equal(1, interner.Count);
        Assert.Same(pooled, interner.Intern("api"));
    }

    [Fact]
    public void Release_ManyStringsInAnyOrder_OthersStayFound()
    {
        var interner = new StringInterner(1_000_000);
        var pooled = Enumerable.Range(0, 50_000).Select(i => interner.Intern("v" + i)).ToArray();
        var random = new Random(7);
        var order = Enumerable.Range(0, pooled.Length).OrderBy(_ => random.Next()).ToArray();

        // Note: removing from the middle of probe runs (backward shift) must not hide the strings after them.
        foreach (int i in order.Take(45_000))
        {
            interner.Release(pooled[i]);
        }
        foreach (int i in order.Skip(45_000))
        {
            Assert.Same(pooled[i], interner.Intern("v" + i));
        }

        Assert.Equal(5_000, interner.Count);
    }
}

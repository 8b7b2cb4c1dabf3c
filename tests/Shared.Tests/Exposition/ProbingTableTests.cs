using Aggregator.Shared.Exposition;

namespace Aggregator.Shared.Tests.Exposition;

public class ProbingTableTests
{
    [Theory]
    [InlineData(0u)]
    [InlineData(0x9E3779B9u)]
    public void Add_PastSeveralRehashesAllOfOneHash_FindsEveryEntryOnceInInsertionOrder(uint hash)
    {
        var table = new ProbingTable<Entry>(8);
        for (int i = 0; i < 100; i++)
        {
            table.Add(new Entry { Hash = hash, Id = i });
        }
        table.Add(new Entry { Hash = hash + 1, Id = -1 });

        var found = new List<int>();
        int probe = -1;
        for (int i = table.NextCandidate(hash, ref probe); i >= 0; i = table.NextCandidate(hash, ref probe))
        {
            found.Add(table[i].Id);
        }

        Assert.Equal(Enumerable.Range(0, 100), found);
        Assert.Equal(101, table.Count);
    }

    [Fact]
    public void PeekNext_AfterUseInANewOrder_FollowsTheNewOrderNotTheInsertionOrder()
    {
        var table = new ProbingTable<Entry>(8);
        int a = table.Add(new Entry { Hash = 1, Id = 1 });
        table.Add(new Entry { Hash = 2, Id = 2 });
        int c = table.Add(new Entry { Hash = 3, Id = 3 });

        table.Use(c);
        table.Use(a);
        table.Use(c);

        Assert.Equal(a, table.PeekNext());
        table.TakeNext();
        Assert.Equal(c, table.PeekNext());
    }

    [Fact]
    public void Clear_AfterEntries_FindsNoneAndPredictsNone()
    {
        var table = new ProbingTable<Entry>(8);
        table.Add(new Entry { Hash = 5, Id = 1 });
        table.Add(new Entry { Hash = 6, Id = 2 });

        table.Clear();

        int probe = -1;
        Assert.Equal(-1, table.NextCandidate(5, ref probe));
        Assert.Equal(-1, table.PeekNext());
        Assert.Equal(0, table.Count);
    }

    private struct Entry : IProbingEntry
    {
        public uint Hash { get; init; }

        public int Next { get; set; }

        public int Id { get; init; }
    }
}

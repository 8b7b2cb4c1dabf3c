using Aggregator.Shared.Model;
using Aggregator.Shared.PromQl.Evaluation;

namespace Aggregator.Shared.Tests.PromQl;

public class GroupKeyHasherTests
{
    private static readonly string[] Names = ["__name__", "code", "instance", "job", "le", "zone"];

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(4, true)]
    public void Of_ManySeriesWithSharedAndCopiedValues_SameKeysAsGroupingKey(int seed, bool without)
    {
        var random = new Random(seed);
        string[] shared = ["a", "b", "ab", "", "x_total", "é"];
        for (int round = 0; round < 20; round++)
        {
            var names = Names.Where(_ => random.Next(2) == 0).ToArray();
            var hasher = new GroupKeyHasher(names, without);
            for (int i = 0; i < 200; i++)
            {
                var labels = new List<Label>();
                foreach (var name in Names)
                {
                    if (random.Next(4) == 0)
                    {
                        continue;
                    }
                    var value = shared[random.Next(shared.Length)];
                    // Note: equal values as distinct instances, so the by-reference cache must still match by content.
                    labels.Add(new Label(name, random.Next(2) == 0 ? new string(value.AsSpan()) : value));
                }
                var set = LabelSet.From(labels);
                bool dropName = random.Next(2) == 0;

                ulong expected = GroupingKey.Of(set, without || dropName, names, include: !without);

                Assert.Equal(expected, hasher.Of(set, dropName));
            }
        }
    }

    [Fact]
    public void Of_DifferentValuesAtOnePosition_DifferentKeys()
    {
        var hasher = new GroupKeyHasher(["job"], without: false);

        ulong a = hasher.Of(LabelSet.Of("job", "a", "instance", "1"), dropName: true);
        ulong b = hasher.Of(LabelSet.Of("job", "b", "instance", "1"), dropName: true);
        ulong a2 = hasher.Of(LabelSet.Of("job", "a", "instance", "2"), dropName: true);

        Assert.NotEqual(a, b);
        Assert.Equal(a, a2);
    }
}

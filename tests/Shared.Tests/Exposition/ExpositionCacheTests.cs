using System.Text;
using Aggregator.Shared.Exposition;
using Aggregator.Tests.Common;
using FsCheck;
using FsCheck.Fluent;

namespace Aggregator.Shared.Tests.Exposition;

/// <summary>
/// A warm cache changes nothing but speed: a body parsed after another one (so that the reader
/// follows remembered series and skips their label blocks) gives exactly what a fresh parse gives.
/// </summary>
public class ExpositionCacheTests
{
    private static readonly ExpositionFormat[] Formats = [ExpositionFormat.Text, ExpositionFormat.OpenMetrics, ExpositionFormat.ProtobufDelimited];

    private static readonly ExpositionReadOptions[] Options =
        [ExpositionReadOptions.Scrape, ExpositionReadOptions.Validate, ExpositionReadOptions.Scrape with { KeepEmptyLabelValues = true }];

    private static readonly Lazy<byte[][]> Seeds = new(LoadSeeds);

    [Theory]
    [InlineData("foo 1\n", "foo {a=\"1\"} 2\n")]
    [InlineData("foo 1\n", "foo{a=\"1\"} 2\n")]
    [InlineData("foo 1\n", "foo_bar 2\n")]
    [InlineData("foo 1\n", "foo\t2\n")]
    [InlineData("foo{a=\"1\"} 1\n", "foo{a=\"1\"}x 2\n")]
    [InlineData("foo{a=\"1\"} 1\n", "foo{a=\"1\"}\n")]
    [InlineData("foo{a=\"1\"} 1\n", "foo{a=\"1\"} 2 bad\n")]
    [InlineData("foo{a=\"1\"} 1\nbar 2\n", "foo{a=\"1\"} 1\nbar{b=\"}\"} 2\n")]
    [InlineData("a{x = \"1\"} 1\n", "a{x = \"1\"} 1\n# EOF\n")]
    [InlineData("a{x=\"\"} 1\n", "a{x=\"\"} 1\n")]
    public void Read_AfterAnotherBody_SameAsFreshParse(string first, string second)
    {
        foreach (var format in new[] { ExpositionFormat.Text, ExpositionFormat.OpenMetrics })
        {
            foreach (var options in Options)
            {
                AssertWarmEqualsCold(Encoding.UTF8.GetBytes(first), Encoding.UTF8.GetBytes(second), format, options);
            }
        }
    }

    [Fact]
    public void Read_TextThenOpenMetricsWithOneCache_OpenMetricsRulesStillApply()
    {
        var cache = new ExpositionCache();
        var body = "a{x = \"1\"} 1\n"u8.ToArray();
        Assert.True(ExpositionReader.Read(body, ExpositionFormat.Text, new CollectingSink(), cache).Succeeded);
        var result = ExpositionReader.Read(body, ExpositionFormat.OpenMetrics, new CollectingSink(), cache, ExpositionReadOptions.Validate);
        Assert.Contains(result.Errors, e => e.Line == 1);
    }

    [ConformanceFact]
    public void Read_MutatedBodyAfterItsSeed_SameAsFreshParse()
    {
        var gen = from seed in Gen.Choose(0, Seeds.Value.Length - 1)
                  from salt in Gen.Choose(0, int.MaxValue)
                  from count in Gen.Choose(1, 4)
                  from format in Gen.Elements(Formats)
                  from options in Gen.Elements(Options)
                  select (seed, salt, count, format, options);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var seed = Seeds.Value[t.seed];
            AssertWarmEqualsCold(seed, Mutate(seed, t.salt, t.count), t.format, t.options);
            AssertWarmEqualsCold(Mutate(seed, t.salt, t.count), seed, t.format, t.options);
        }).QuickCheckThrowOnFailure();
    }

    [ConformanceFact]
    public void Read_SameBodyTwice_ReturnsCachedLabelSets()
    {
        var body = File.ReadAllBytes(Path.Combine(RepoPaths.Conformance, "textparse", "v2.42.0", "promtestdata.txt"));
        var cache = new ExpositionCache();
        var first = new CollectingSink();
        var second = new CollectingSink();
        ExpositionReader.Read(body, ExpositionFormat.Text, first, cache);
        ExpositionReader.Read(body, ExpositionFormat.Text, second, cache);
        Assert.Equal(first.Samples.Count, second.Samples.Count);
        Assert.NotEmpty(first.Samples);
        Assert.All(first.Samples.Zip(second.Samples), p => Assert.Same(p.First.Series, p.Second.Series));
    }

    private static void AssertWarmEqualsCold(byte[] first, byte[] second, ExpositionFormat format, ExpositionReadOptions options)
    {
        var cache = new ExpositionCache();
        ExpositionReader.Read(first, format, new CollectingSink(), cache, options);
        var warmSink = new CollectingSink();
        var warm = ExpositionReader.Read(second, format, warmSink, cache, options);
        var coldSink = new CollectingSink();
        var cold = ExpositionReader.Read(second, format, coldSink, new ExpositionCache(), options);
        string context = $"{format} {options}:\n{Encoding.UTF8.GetString(first)}\n---\n{Encoding.UTF8.GetString(second)}";
        Assert.True(cold.Errors.SequenceEqual(warm.Errors), context + "\nerrors differ: " + string.Join("; ", cold.Errors) + " vs " + string.Join("; ", warm.Errors));
        Assert.True(coldSink.Canonical(withType: true).SequenceEqual(warmSink.Canonical(withType: true)), context + "\nsamples differ");
        Assert.Equal(cold.Samples, warm.Samples);
    }

    private static byte[] Mutate(byte[] seed, int salt, int count)
    {
        var data = new List<byte>(seed);
        var random = new Random(salt);
        const string specials = "\n\"\\{}=, #\t";
        for (int i = 0; i < count && data.Count > 0; i++)
        {
            int at = random.Next(data.Count);
            switch (random.Next(4))
            {
                case 0: data[at] = (byte)random.Next(256); break;
                case 1: data.Insert(at, (byte)specials[random.Next(specials.Length)]); break;
                case 2: data.RemoveAt(at); break;
                default: data.InsertRange(at, data.GetRange(at, Math.Min(16, data.Count - at))); break;
            }
        }
        return [.. data];
    }

    private static byte[][] LoadSeeds()
    {
        var root = RepoPaths.Conformance;
        var files = Directory.GetFiles(Path.Combine(root, "openmetrics"), "metrics", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(root, "federate-golden-2.42"), "*.body.*", SearchOption.AllDirectories))
            .Concat(Directory.GetFiles(Path.Combine(root, "textparse"), "*", SearchOption.AllDirectories));
        return files.Select(File.ReadAllBytes).Select(b => b.Length > 4096 ? b[..4096] : b).Where(b => b.Length > 0).ToArray();
    }
}

using System.Text;
using Aggregator.Shared.Exposition;
using Aggregator.Shared.Exposition.Writing;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Tests.Exposition;

/// <summary>
/// <see cref="TextSpelling"/>, built on the poll path since the first /federate no longer builds it: the same bytes
/// as the text writer's uncached path (labels given as a span) for every kind of name and value.
/// </summary>
public class TextSpellingTests
{
    public static TheoryData<string[]> Series() => new()
    {
        new[] { "__name__", "up" },
        new[] { "__name__", "up", "job", "api", "instance", "10.0.0.1:9090" },
        new[] { "__name__", "x", "path", "C:\\dir\\file", "quote", "say \"hi\"", "lines", "a\nb\n" },
        new[] { "__name__", "x", "empty", "" },
        new[] { "__name__", "métrique", "ville", "Zürich", "emoji", "🙂 ok", "cjk", "東京" },
        new[] { "__name__", "x", "lone", "a\uD800b" },
        new[] { "job", "no-name-label" },
        new[] { "__name__", "x", "all", "\\\"\n\\\"\n" },
    };

    [Theory]
    [MemberData(nameof(Series))]
    public async Task Of_AnySeries_SameBytesAsWriterWithoutCache(string[] pairs)
    {
        var series = LabelSet.Of(pairs);
        var written = new MemoryStream();
        await using (var writer = ExpositionWriter.Create(written, ExpositionFormat.Text))
        {
            writer.WriteSample(series.MetricName, series.AsSpan(), 1, null);
        }

        var spelling = TextSpelling.Of(LabelSet.Of(pairs));

        Assert.Equal(Encoding.UTF8.GetString(written.ToArray()), Encoding.UTF8.GetString(spelling) + " 1\n");
        Assert.Equal(written.ToArray(), spelling.Concat(" 1\n"u8.ToArray()).ToArray());
    }

    [Fact]
    public void Of_CalledTwice_BuildsOnceAndCachesOnTheSeries()
    {
        var series = LabelSet.Of("__name__", "up", "job", "api");

        var first = TextSpelling.Of(series);

        Assert.Same(first, series.TextSpelling);
        Assert.Same(first, TextSpelling.Of(series));
    }
}

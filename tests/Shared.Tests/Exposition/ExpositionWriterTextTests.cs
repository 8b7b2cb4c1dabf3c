using System.IO.Compression;
using System.Text;
using Aggregator.Shared.Exposition;
using Aggregator.Shared.Model;
using Aggregator.Tests.Common;

namespace Aggregator.Shared.Tests.Exposition;

public class ExpositionWriterTextTests
{
    [Fact]
    public async Task Write_FederateShape_MatchesExpfmtBytes()
    {
        var output = new MemoryStream();
        await using (var w = ExpositionWriter.Create(output, ExpositionFormat.Text))
        {
            w.BeginFamily("app_temp_celsius", MetricType.Untyped);
            w.WriteSample("app_temp_celsius", [new("instance", "x"), new("zone", "a"), new("region", "eu")], 21.5, 1795318940322);
            w.WriteSample("app_temp_celsius", [new("path", "a\"b\\c\nd")], 1e6, null);
            w.EndFamily();
        }
        Assert.Equal(
            "# TYPE app_temp_celsius untyped\n"
            + "app_temp_celsius{instance=\"x\",zone=\"a\",region=\"eu\"} 21.5 1795318940322\n"
            + "app_temp_celsius{path=\"a\\\"b\\\\c\\nd\"} 1e+06\n",
            Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public async Task Write_HelpAndNoLabels_WritesHelpEscapedAndBareName()
    {
        var output = new MemoryStream();
        await using (var w = ExpositionWriter.Create(output, ExpositionFormat.Text))
        {
            w.BeginFamily("up", MetricType.Gauge, "line1\nback\\slash \"q\"");
            w.WriteSample(LabelSet.Of("__name__", "up"), 1, null);
            w.EndFamily();
        }
        Assert.Equal("# HELP up line1\\nback\\\\slash \"q\"\n# TYPE up gauge\nup 1\n", Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public async Task Write_Gzip_DecompressesToSameText()
    {
        var plain = new MemoryStream();
        var zipped = new MemoryStream();
        foreach (var (stream, encoding) in new[] { (plain, ContentEncoding.Identity), (zipped, ContentEncoding.Gzip) })
        {
            await using var w = ExpositionWriter.Create(stream, ExpositionFormat.Text, encoding);
            w.BeginFamily("m", MetricType.Counter);
            for (int i = 0; i < 5000; i++)
            {
                w.WriteSample("m", [new("i", i.ToString(System.Globalization.CultureInfo.InvariantCulture))], i, 1000);
                if (w.ShouldFlush)
                {
                    await w.FlushAsync();
                }
            }
            w.EndFamily();
        }
        using var gz = new GZipStream(new MemoryStream(zipped.ToArray()), CompressionMode.Decompress);
        var back = new MemoryStream();
        await gz.CopyToAsync(back);
        Assert.Equal(plain.ToArray(), back.ToArray());
    }

    [Fact]
    public async Task WriteOpenMetrics_Counter_UsesTotalSuffixSecondsAndEof()
    {
        var output = new MemoryStream();
        await using (var w = ExpositionWriter.Create(output, ExpositionFormat.OpenMetrics))
        {
            w.BeginFamily("requests_total", MetricType.Counter, "Requests.", "");
            w.WriteSample("requests_total", [new("code", "200")], 3, 1520879607789);
            w.EndFamily();
        }
        Assert.Equal(
            "# HELP requests Requests.\n# TYPE requests counter\nrequests_total{code=\"200\"} 3.0 1520879607.789\n# EOF\n",
            Encoding.UTF8.GetString(output.ToArray()));
    }

    public static TheoryData<string> TextCorpus()
    {
        var data = new TheoryData<string>();
        foreach (var f in RepoPaths.ConformanceFiles("textparse", "*.prom.txt", SearchOption.AllDirectories)
            .Concat(RepoPaths.ConformanceFiles(Path.Combine("textparse", "v2.42.0"), "*")))
        {
            data.Add(Path.GetRelativePath(RepoPaths.Conformance, f));
        }
        foreach (var f in RepoPaths.ConformanceFiles("federate-golden-2.42", "*.body.txt"))
        {
            var name = Path.GetFileName(f);
            if (name.StartsWith("16_", StringComparison.Ordinal) || name.StartsWith("17_", StringComparison.Ordinal) || new FileInfo(f).Length == 0
                || File.ReadAllText(Path.ChangeExtension(Path.ChangeExtension(f, null), null) + ".response_headers.txt").Contains("HTTP 4", StringComparison.Ordinal))
            {
                continue;
            }
            data.Add(Path.GetRelativePath(RepoPaths.Conformance, f));
        }
        return data;
    }

    /// <summary>Corpus files parse, re-serialise, and parse again to the same samples.</summary>
    [ConformanceTheory]
    [MemberData(nameof(TextCorpus))]
    public async Task RoundTrip_CorpusFile_EquivalentSamples(string relativePath)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Conformance, relativePath));
        var first = new CollectingSink();
        var result = ExpositionReader.Read(bytes, ExpositionFormat.Text, first);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.NotEmpty(first.Samples);

        var rewritten = new MemoryStream();
        await using (var w = ExpositionWriter.Create(rewritten, ExpositionFormat.Text))
        {
            MetricFamilyInfo? current = null;
            foreach (var s in first.Samples)
            {
                if (!ReferenceEquals(s.Family, current))
                {
                    if (current is not null)
                    {
                        w.EndFamily();
                    }
                    w.BeginFamily(s.Family);
                    current = s.Family;
                }
                w.WriteSample(s.Series, s.Value, s.TimestampMs);
            }
            w.EndFamily();
        }
        var second = new CollectingSink();
        var again = ExpositionReader.Read(rewritten.ToArray(), ExpositionFormat.Text, second);
        Assert.True(again.Succeeded, string.Join("\n", again.Errors));
        Assert.Equal(first.Canonical(withType: true), second.Canonical(withType: true));
    }
}

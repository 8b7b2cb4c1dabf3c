using System.Globalization;
using Aggregator.Shared.Exposition;
using Aggregator.Shared.Model;
using Aggregator.Tests.Common;
using FsCheck;
using FsCheck.Fluent;

namespace Aggregator.Shared.Tests.Exposition;

/// <summary>
/// Generated and mutated bodies: readers never throw, always finish, and every error says where;
/// generated families survive a write/read round trip in every format.
/// </summary>
public class ExpositionFuzzTests
{
    private static readonly ExpositionFormat[] ReadFormats = [ExpositionFormat.Text, ExpositionFormat.OpenMetrics, ExpositionFormat.ProtobufDelimited];

    private static readonly Lazy<byte[][]> Seeds = new(LoadSeeds);

    [ConformanceFact]
    public void Read_MutatedCorpusBodies_NeverThrowAndLocateErrors()
    {
        var gen = from seed in Gen.Choose(0, Seeds.Value.Length - 1)
                  from ops in Gen.ArrayOf(Gen.Choose(0, int.MaxValue), 1)
                  from count in Gen.Choose(1, 8)
                  select (seed, ops, count);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var body = Mutate(Seeds.Value[t.seed], t.ops, t.count);
            foreach (var format in ReadFormats)
            {
                foreach (var options in new[] { ExpositionReadOptions.Scrape, ExpositionReadOptions.Validate with { Lint = true } })
                {
                    var result = ExpositionReader.Read(body, format, new CollectingSink(), options: options);
                    Assert.All(result.Errors, e =>
                    {
                        Assert.True(e.Line >= 1 && e.Column >= 1, e.ToString());
                        Assert.False(string.IsNullOrWhiteSpace(e.Message));
                    });
                }
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Read_RandomBytes_NeverThrow()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            foreach (var format in ReadFormats)
            {
                var result = ExpositionReader.Read(bytes, format, new CollectingSink(), options: ExpositionReadOptions.Validate);
                Assert.All(result.Errors, e => Assert.True(e.Line >= 1 && e.Column >= 1));
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public async Task ReadAsync_LineWithoutEnd_StopsWithBoundedBuffer()
    {
        // Note: 20 MiB without a newline exceeds the line limit; the reader must stop, not buffer it all.
        var body = new byte[20 * 1024 * 1024];
        body.AsSpan().Fill((byte)'a');
        var result = await ExpositionReader.ReadAsync(new ChunkedStream(body, 1 << 20), ExpositionFormat.Text, new CollectingSink());
        var error = Assert.Single(result.Errors);
        Assert.Contains("line longer than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HugeLengthPrefix_RefusedWithoutAllocating()
    {
        byte[] body = [0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3];
        var result = ExpositionReader.Read(body, ExpositionFormat.ProtobufDelimited, new CollectingSink());
        Assert.Contains("exceeds", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RoundTrip_GeneratedFamilies_EveryFormatPreservesSamples()
    {
        Prop.ForAll(FamiliesGen().ToArbitrary(), families =>
        {
            foreach (var format in new[] { ExpositionFormat.Text, ExpositionFormat.OpenMetrics, ExpositionFormat.ProtobufDelimited })
            {
                var body = Write(families, format);
                var sink = new CollectingSink();
                var result = ExpositionReader.Read(body, format, sink);
                Assert.True(result.Succeeded, format + ": " + string.Join("\n", result.Errors));
                var expected = families.SelectMany(f => f.Samples.Select(s => Canonical(
                    LabelSet.From(s.Labels.Where(l => l.Value.Length > 0).Append(new Label("__name__", SampleName(f, format)))), s.Value, s.Ts))).ToList();
                var actual = sink.Samples.Select(s => Canonical(s.Series, s.Value, s.TimestampMs)).ToList();
                int diff = Enumerable.Range(0, Math.Min(expected.Count, actual.Count)).FirstOrDefault(i => expected[i] != actual[i], -1);
                Assert.True(expected.Count == actual.Count && diff < 0,
                    $"{format}: counts {expected.Count}/{actual.Count}; first difference:\n{(diff >= 0 ? expected[diff] : "")}\n{(diff >= 0 ? actual[diff] : "")}\nbody:\n{System.Text.Encoding.UTF8.GetString(body)}");
            }
        }).QuickCheckThrowOnFailure();
    }

    private static string SampleName(GenFamily f, ExpositionFormat format) =>
        format == ExpositionFormat.OpenMetrics && f.Type == MetricType.Counter ? f.Name + "_total" : f.Name;

    // Note: -0 is written as "0" (expfmt tests f == 0) and NaN payloads are not kept, as in Prometheus.
    private static string Canonical(LabelSet labels, double value, long? ts)
    {
        var bits = double.IsNaN(value) ? "NaN" : BitConverter.DoubleToInt64Bits(value == 0 ? 0.0 : value).ToString("x16", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{labels} {bits} {ts}");
    }

    private static byte[] Write(GenFamily[] families, ExpositionFormat format)
    {
        var output = new MemoryStream();
        var w = ExpositionWriter.Create(output, format);
        foreach (var f in families)
        {
            w.BeginFamily(f.Name, f.Type, f.Help);
            foreach (var s in f.Samples)
            {
                w.WriteSample(f.Name, s.Labels, s.Value, s.Ts);
            }
            w.EndFamily();
        }
        w.CompleteAsync().AsTask().GetAwaiter().GetResult();
        return output.ToArray();
    }

    private static Gen<GenFamily[]> FamiliesGen()
    {
        var nameChars = "abcxyz_:".ToCharArray();
        var labelChars = "abcxyz_".ToCharArray();
        string[] valuePieces = ["a", "Z", "0", "9", " ", "\"", "\\", "\n", "{", "}", "#", ",", "=", "é", "Ж", "😀", "\t"];
        var name = from first in Gen.Elements('a', 'b', '_', ':')
                   from rest in Gen.ArrayOf(Gen.Elements(nameChars))
                   select first + new string(rest);
        var labelName = from first in Gen.Elements('l', 'm', '_')
                        from rest in Gen.ArrayOf(Gen.Elements(labelChars))
                        select first + new string(rest);
        var labelValue = from pieces in Gen.ArrayOf(Gen.Elements(valuePieces)) select string.Concat(pieces);
        var value = Gen.OneOf(
            Gen.Elements(0.0, 1.0, -1.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e6, 0.1, 5e-324, double.MaxValue),
            ArbMap.Default.GeneratorFor<double>(),
            from l in ArbMap.Default.GeneratorFor<long>() select BitConverter.Int64BitsToDouble(l));
        var ts = Gen.OneOf(Gen.Constant<long?>(null), from t in Gen.Choose(-2_000_000, int.MaxValue) select (long?)t * 1000 + t % 1000);
        var sample = from labels in Gen.ArrayOf(from n in labelName from v in labelValue select new Label(n, v))
                     from v in value
                     from t in ts
                     select new GenSample(labels.DistinctBy(l => l.Name).ToArray(), v, t);
        var family = from n in name
                     from type in Gen.Elements(MetricType.Untyped, MetricType.Gauge, MetricType.Counter)
                     from help in Gen.OneOf(Gen.Constant<string?>(null), from h in labelValue select (string?)h)
                     from samples in Gen.ArrayOf(sample)
                     select new GenFamily(n, type, help, samples);
        // Note: family names are made unique so that no family continues another in OpenMetrics.
        return from fams in Gen.ArrayOf(family)
               select fams.Select((f, i) => f with { Name = f.Name + "_f" + i.ToString(CultureInfo.InvariantCulture) })
                   .Where(f => f.Type != MetricType.Counter || f.Samples.All(s => s.Value >= 0 || double.IsNaN(s.Value)))
                   .ToArray();
    }

    private static byte[] Mutate(byte[] seed, int[] ops, int count)
    {
        var data = new List<byte>(seed);
        var random = new Random(ops[0]);
        for (int i = 0; i < count && data.Count > 0; i++)
        {
            int at = random.Next(data.Count);
            switch (random.Next(6))
            {
                case 0: data[at] = (byte)random.Next(256); break;
                case 1: data.Insert(at, (byte)random.Next(256)); break;
                case 2: data.RemoveAt(at); break;
                case 3: data.InsertRange(at, data.GetRange(at, Math.Min(16, data.Count - at))); break;
                case 4: data.RemoveRange(at, data.Count - at); break;
                default: data.Insert(at, (byte)Specials[random.Next(Specials.Length)]); break;
            }
        }
        return [.. data];
    }

    private const string Specials = "\n\"\\{}=, #\t";

    private static byte[][] LoadSeeds()
    {
        var root = RepoPaths.Conformance;
        var files = Directory.GetFiles(Path.Combine(root, "openmetrics"), "metrics", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(root, "federate-golden-2.42"), "*.body.*", SearchOption.AllDirectories))
            .Concat(Directory.GetFiles(Path.Combine(root, "textparse"), "*", SearchOption.AllDirectories));
        return files.Select(f => File.ReadAllBytes(f)).Select(b => b.Length > 4096 ? b[..4096] : b).Where(b => b.Length > 0).ToArray();
    }

    private sealed record GenSample(Label[] Labels, double Value, long? Ts);

    private sealed record GenFamily(string Name, MetricType Type, string? Help, GenSample[] Samples);
}

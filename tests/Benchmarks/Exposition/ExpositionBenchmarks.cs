using System.Globalization;
using System.Text;
using Aggregator.Shared.Exposition;
using Aggregator.Shared.Model;
using BenchmarkDotNet.Attributes;

namespace Aggregator.Benchmarks.Exposition;

/// <summary>
/// Parse and write throughput of the exposition codecs in steady state (warm series cache, as a
/// scraper polling the same target). Inputs: Prometheus's textparse test data and a generated
/// 100k-series body. MB/s = input bytes (see <see cref="Sizes"/>) / mean time.
/// </summary>
[MemoryDiagnoser]
public class ExpositionBenchmarks
{
    private readonly ExpositionCache _textCache = new();
    private readonly ExpositionCache _protoCache = new();
    private readonly MemoryStream _output = new();
    private byte[] _text = [];
    private byte[] _proto = [];
    private List<(MetricFamilyInfo Family, List<ExposedSample> Samples)> _families = [];

    [Params("alltypes.237mfs", "promtestdata", "generated-100k")]
    public string Input { get; set; } = "generated-100k";

    /// <summary>Text and protobuf sizes of each input, printed once so MB/s can be computed.</summary>
    public static string Sizes(byte[] text, byte[] proto) =>
        string.Create(CultureInfo.InvariantCulture, $"text {text.Length} bytes, protobuf {proto.Length} bytes");

    [GlobalSetup]
    public void Setup()
    {
        _text = Input switch
        {
            "alltypes.237mfs" => File.ReadAllBytes(Path.Combine(Conformance(), "textparse", "head", "alltypes.237mfs.prom.txt")),
            "promtestdata" => File.ReadAllBytes(Path.Combine(Conformance(), "textparse", "v2.42.0", "promtestdata.txt")),
            _ => Generate(100_000),
        };
        var sink = new ListSink();
        ExpositionReader.Read(_text, ExpositionFormat.Text, sink, _textCache);
        _families = sink.Samples.GroupBy(s => s.Family).Select(g => (g.Key, g.ToList())).ToList();
        _proto = WriteAll(ExpositionFormat.ProtobufDelimited);
        ExpositionReader.Read(_proto, ExpositionFormat.ProtobufDelimited, sink, _protoCache);
        Console.WriteLine($"// {Input}: {Sizes(_text, _proto)}, {sink.Samples.Count / 2} samples");
    }

    [Benchmark]
    public long TextParse() => ExpositionReader.Read(_text, ExpositionFormat.Text, NullSink.Instance, _textCache).Samples;

    [Benchmark]
    public long ProtobufParse() => ExpositionReader.Read(_proto, ExpositionFormat.ProtobufDelimited, NullSink.Instance, _protoCache).Samples;

    [Benchmark]
    public long TextWrite() => WriteTo(ExpositionFormat.Text);

    /// <summary>Text write through the label-span overload (as /federate writes, with external labels): no cached spelling.</summary>
    [Benchmark]
    public long TextWriteLabels() => WriteTo(ExpositionFormat.Text, cachedSpelling: false);

    private long WriteTo(ExpositionFormat format, bool cachedSpelling = true)
    {
        _output.SetLength(0);
        var w = ExpositionWriter.Create(_output, format);
        foreach (var (family, samples) in _families)
        {
            w.BeginFamily(family);
            foreach (var s in samples)
            {
                if (cachedSpelling)
                {
                    w.WriteSample(s.Series, s.Value, s.TimestampMs);
                }
                else
                {
                    w.WriteSample(s.Series.MetricName, s.Series.AsSpan(), s.Value, s.TimestampMs);
                }
            }
            w.EndFamily();
            if (w.ShouldFlush)
            {
                w.FlushAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        w.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return _output.Length;
    }

    private byte[] WriteAll(ExpositionFormat format)
    {
        WriteTo(format);
        return _output.ToArray();
    }

    private static byte[] Generate(int series)
    {
        var sb = new StringBuilder();
        var random = new Random(1);
        int perFamily = 100;
        for (int f = 0; f < series / perFamily; f++)
        {
            var name = $"app_component{f}_requests_total";
            sb.Append("# HELP ").Append(name).Append(" Requests handled by component ").Append(f).Append(".\n");
            sb.Append("# TYPE ").Append(name).Append(" counter\n");
            for (int i = 0; i < perFamily; i++)
            {
                sb.Append(name).Append("{job=\"api\",instance=\"10.0.").Append(i % 16).Append('.').Append(i)
                    .Append(":9100\",method=\"").Append(i % 2 == 0 ? "GET" : "POST").Append("\",code=\"").Append(200 + (i % 5))
                    .Append("\",handler=\"/api/v1/h").Append(i).Append("\"} ")
                    .Append((random.NextDouble() * 1e6).ToString("R", CultureInfo.InvariantCulture)).Append(" 1795318940322\n");
            }
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static string Conformance()
    {
        // Note: the same lookup as the tests' RepoPaths.Conformance: the environment variable first, then ../shared.
        if (Environment.GetEnvironmentVariable("AGGREGATOR_CONFORMANCE_DIR") is { Length: > 0 } fromEnv)
        {
            return fromEnv;
        }
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Aggregator.sln")))
        {
            dir = dir.Parent;
        }
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Aggregator.sln not found"), "..", "shared", "conformance");
    }

    private sealed class ListSink : IExpositionSink
    {
        public List<ExposedSample> Samples { get; } = [];

        public void OnSample(in ExposedSample sample) => Samples.Add(sample);
    }

    private sealed class NullSink : IExpositionSink
    {
        public static readonly NullSink Instance = new();

        public void OnSample(in ExposedSample sample)
        {
        }
    }
}

using System.Globalization;
using System.Text;
using Aggregator.Shared.Model;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Tests.Storage;
using Aggregator.Tests.Common;

namespace Aggregator.Shared.Tests.Federation;

/// <summary>Reads ../shared/conformance/federate-golden-2.42: requests, headers, bodies, and the data behind them.</summary>
internal static class GoldenFederate
{
    public static readonly Label[] External = [new("region", "eu"), new("zone", "z1")];

    public static string Dir => Path.Combine(RepoPaths.Conformance, "federate-golden-2.42");

    public static string Read(string file) => File.ReadAllText(Path.Combine(Dir, file));

    /// <summary>(method, raw query, headers, form body) from NN_name.request.txt.</summary>
    public static (string Method, string Query, Dictionary<string, string> Headers, string? Body) Request(string name)
    {
        var lines = Read(name + ".request.txt").Split('\n');
        var first = lines[0].Split(' ', 2);
        int q = first[1].IndexOf('?');
        var headers = new Dictionary<string, string>();
        int i = 1;
        for (; i < lines.Length && lines[i].Length > 0; i++)
        {
            var parts = lines[i].Split(": ", 2);
            headers[parts[0]] = parts[1];
        }
        var body = i + 1 < lines.Length ? string.Join("\n", lines[(i + 1)..]).TrimEnd('\n') : null;
        return (first[0], q < 0 ? string.Empty : first[1][q..], headers, string.IsNullOrEmpty(body) ? null : body);
    }

    /// <summary>Response headers of a case, e.g. "Content-Type" → value; the status under ":status".</summary>
    public static Dictionary<string, string> ResponseHeaders(string name)
    {
        var lines = Read(name + ".response_headers.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var result = new Dictionary<string, string> { [":status"] = lines[0].Split(' ')[1] };
        foreach (var line in lines[1..])
        {
            var parts = line.Split(": ", 2);
            result[parts[0]] = parts[1];
        }
        return result;
    }

    /// <summary>
    /// A store holding what Prometheus A held: every line of a federate text body, with the external
    /// labels A appended (a trailing run equal to region/zone/instance="") taken off again.
    /// </summary>
    public static (SeriesStore Store, ManualClock Clock) LoadStore(string bodyFile)
    {
        long newest = 0;
        var samples = new List<SeriesSample>();
        foreach (var line in Read(bodyFile).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }
            var sample = ParseLine(line);
            samples.Add(sample);
            newest = Math.Max(newest, sample.Sample.TimestampMs);
        }
        var clock = new ManualClock(newest + 1000);
        var store = new SeriesStore(time: clock);
        foreach (var s in samples)
        {
            store.Append(s.Labels, s.Sample);
        }
        return (store, clock);
    }

    /// <summary>Sorts the sample lines inside each family, as Prometheus's own federate test compares bodies.</summary>
    public static string Normalize(string body)
    {
        var result = new StringBuilder();
        var family = new List<string>();
        void Flush()
        {
            family.Sort(StringComparer.Ordinal);
            foreach (var l in family)
            {
                result.Append(l).Append('\n');
            }
            family.Clear();
        }
        foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                Flush();
                result.Append(line).Append('\n');
            }
            else
            {
                family.Add(line);
            }
        }
        Flush();
        return result.ToString();
    }

    private static SeriesSample ParseLine(string line)
    {
        int brace = line.IndexOf('{');
        var labels = new List<Label> { new(Label.MetricName, line[..brace]) };
        int i = brace + 1;
        while (line[i] != '}')
        {
            int eq = line.IndexOf('=', i);
            var name = line[i..eq];
            var value = new StringBuilder();
            int j = eq + 2;
            for (; line[j] != '"'; j++)
            {
                if (line[j] == '\\')
                {
                    j++;
                    value.Append(line[j] == 'n' ? '\n' : line[j]);
                }
                else
                {
                    value.Append(line[j]);
                }
            }
            labels.Add(new Label(name, value.ToString()));
            i = line[j + 1] == ',' ? j + 2 : j + 1;
        }
        var rest = line[(i + 2)..].Split(' ');
        while (labels.Count > 1 && IsAppendedExternal(labels[^1]))
        {
            labels.RemoveAt(labels.Count - 1);
        }
        return new SeriesSample(LabelSet.From(labels), new Sample(long.Parse(rest[1], CultureInfo.InvariantCulture), ParseValue(rest[0])));
    }

    private static bool IsAppendedExternal(Label label) =>
        label == new Label("instance", string.Empty) || Array.IndexOf(External, label) >= 0;

    private static double ParseValue(string s) => s switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(s, CultureInfo.InvariantCulture),
    };
}

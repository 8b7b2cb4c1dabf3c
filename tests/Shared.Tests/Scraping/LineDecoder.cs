using System.Globalization;
using System.Text;
using Aggregator.Shared.Model;
using Aggregator.Shared.Scraping;

namespace Aggregator.Shared.Tests.Scraping;

/// <summary>
/// Test double for the exposition readers: lines <c>name{a="b",...} value [timestamp]</c>, no escapes,
/// '#' lines ignored. Lets the scraping tests run on bodies whose meaning is obvious from the test.
/// </summary>
internal sealed class LineDecoder : IScrapeDecoder
{
    public bool ReadsProtobuf => false;

    public void Decode(ScrapeBody body, IScrapedSampleVisitor visitor)
    {
        var text = Encoding.UTF8.GetString(body.Span);
        int lineNo = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNo++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            visitor.OnSample(ParseLabels(line, lineNo, out var rest), ParseValue(rest, lineNo, out var ts), ts);
        }
    }

    private static LabelSet ParseLabels(string line, int lineNo, out string rest)
    {
        int brace = line.IndexOf('{');
        int space = line.IndexOf(' ');
        if (space < 0)
        {
            throw Error(lineNo, "no value");
        }
        if (brace < 0 || brace > space)
        {
            rest = line[(space + 1)..];
            return LabelSet.Of(Label.MetricName, line[..space]);
        }
        int close = line.IndexOf('}', brace);
        if (close < 0)
        {
            throw Error(lineNo, "unclosed '{'");
        }
        var labels = new List<Label> { new(Label.MetricName, line[..brace]) };
        foreach (var pair in line[(brace + 1)..close].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=');
            if (eq < 0 || pair.Length < eq + 3 || pair[eq + 1] != '"' || pair[^1] != '"')
            {
                throw Error(lineNo, $"bad label '{pair}'");
            }
            labels.Add(new Label(pair[..eq], pair[(eq + 2)..^1]));
        }
        rest = line[(close + 1)..].TrimStart();
        return LabelSet.From(labels);
    }

    private static double ParseValue(string rest, int lineNo, out long? ts)
    {
        var parts = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
        {
            throw Error(lineNo, $"bad value '{rest}'");
        }
        ts = parts.Length == 2 ? long.Parse(parts[1], CultureInfo.InvariantCulture) : null;
        return v;
    }

    private static ScrapeException Error(int line, string message) => new(ScrapeFailureReason.Parse, $"{line}:1: {message}");
}

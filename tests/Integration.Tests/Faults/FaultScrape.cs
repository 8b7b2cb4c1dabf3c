using System.Net;
using Aggregator.Shared.Exposition;
using Aggregator.Tests.Common;

namespace Aggregator.Integration.Tests.Faults;

/// <summary>
/// A text page (<c>/metrics</c>, <c>/federate</c>) read with our own exposition reader: the body must
/// parse without error, and samples are looked up by name and labels.
/// </summary>
internal sealed class FaultScrape
{
    private readonly CollectingSink _sink;

    private FaultScrape(CollectingSink sink, string body)
    {
        _sink = sink;
        Body = body;
    }

    public string Body { get; }

    public IReadOnlyList<ExposedSample> Samples => _sink.Samples;

    /// <summary>GETs <paramref name="url"/>, asserts 200 and a body our text reader parses without error.</summary>
    public static async Task<FaultScrape> ReadAsync(HttpClient http, Uri url)
    {
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}");
        return Parse(body, url);
    }

    public static FaultScrape Parse(byte[] body, Uri from)
    {
        var sink = new CollectingSink();
        var result = ExpositionReader.Read(body, ExpositionFormat.Text, sink);
        var text = System.Text.Encoding.UTF8.GetString(body);
        Assert.True(result.Succeeded, $"{from}: {string.Join("; ", result.Errors)}\n{text}");
        return new FaultScrape(sink, text);
    }

    /// <summary>The sum of the samples named <paramref name="name"/> that carry every given label (0 when none).</summary>
    public double Value(string name, params (string Name, string Value)[] labels) =>
        Matching(name, labels).Sum(s => s.Value);

    /// <summary>Whether any sample named <paramref name="name"/> carries every given label.</summary>
    public bool Has(string name, params (string Name, string Value)[] labels) => Matching(name, labels).Any();

    private IEnumerable<ExposedSample> Matching(string name, (string Name, string Value)[] labels) =>
        _sink.Samples.Where(s => s.Series.Get("__name__") == name && labels.All(l => s.Series.Get(l.Name) == l.Value));

    /// <summary>The Aggregator's or Node's own counters: <c>/metrics</c>.</summary>
    public static Task<FaultScrape> MetricsAsync(HttpClient http, Uri process) => ReadAsync(http, new Uri(process, "metrics"));

    /// <summary><c>/federate</c> for one selector.</summary>
    public static Task<FaultScrape> FederateAsync(HttpClient http, Uri process, string selector) =>
        ReadAsync(http, new Uri(process, "federate?match[]=" + Uri.EscapeDataString(selector)));
}

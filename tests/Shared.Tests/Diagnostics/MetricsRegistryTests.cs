using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.Exposition;

namespace Aggregator.Shared.Tests.Diagnostics;

public class MetricsRegistryTests
{
    private static async Task<string> RenderAsync(MetricsRegistry registry)
    {
        using var buffer = new MemoryStream();
        await using (var writer = ExpositionWriter.Create(buffer, ExpositionFormat.Text))
        {
            registry.WriteTo(writer);
            await writer.CompleteAsync();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Fact]
    public async Task WriteTo_CountersAndGauges_RenderSortedTextExposition()
    {
        var registry = new MetricsRegistry();
        var requests = registry.Counter("b_requests_total", "Requests.", "path", "code");
        requests.WithLabels("/x", "200").Inc();
        requests.WithLabels("/x", "200").Inc(2);
        requests.WithLabels("/a", "500").Inc();
        var queue = registry.Gauge("a_queue_length", "Queue \"length\".");
        queue.Set(5);
        queue.Add(-1.5);
        registry.GaugeCallback("c_uptime_seconds", "Uptime.", () => 42);
        Assert.Equal(
            "# HELP a_queue_length Queue \"length\".\n# TYPE a_queue_length gauge\na_queue_length 3.5\n"
            + "# HELP b_requests_total Requests.\n# TYPE b_requests_total counter\n"
            + "b_requests_total{code=\"500\",path=\"/a\"} 1\nb_requests_total{code=\"200\",path=\"/x\"} 3\n"
            + "# HELP c_uptime_seconds Uptime.\n# TYPE c_uptime_seconds gauge\nc_uptime_seconds 42\n",
            await RenderAsync(registry));
    }

    [Fact]
    public async Task CounterCallback_ReadWhenServed_WrittenAsACounter()
    {
        var registry = new MetricsRegistry();
        long dropped = 2;
        registry.CounterCallback("d_dropped_total", "Dropped.", () => dropped);
        dropped = 7;

        Assert.Equal("# HELP d_dropped_total Dropped.\n# TYPE d_dropped_total counter\nd_dropped_total 7\n", await RenderAsync(registry));
        Assert.Throws<InvalidOperationException>(() => registry.CounterCallback("d_dropped_total", "Again.", () => 0));
    }

    [Fact]
    public async Task Counter_ParallelIncrements_AreNotLost()
    {
        var registry = new MetricsRegistry();
        var counter = registry.Counter("hits_total", "Hits.", "worker");
        Parallel.For(0, 8, worker =>
        {
            var child = counter.WithLabels((worker % 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
            for (int i = 0; i < 10_000; i++)
            {
                child.Inc();
            }
        });
        var text = await RenderAsync(registry);
        Assert.Contains("hits_total{worker=\"0\"} 40000", text);
        Assert.Contains("hits_total{worker=\"1\"} 40000", text);
    }

    [Fact]
    public void Register_SameNameAndShape_ReturnsTheSameMetric_OtherShapeFails()
    {
        var registry = new MetricsRegistry();
        var first = registry.Counter("x_total", "X.", "a");
        Assert.Same(first, registry.Counter("x_total", "X.", "a"));
        Assert.Throws<InvalidOperationException>(() => registry.Counter("x_total", "X.", "b"));
        Assert.Throws<InvalidOperationException>(() => registry.Gauge("x_total", "X.", "a"));
    }

    [Theory]
    [InlineData("bad-name", "a")]
    [InlineData("ok", "__reserved")]
    [InlineData("ok", "bad label")]
    public void Register_InvalidNames_AreRejected(string name, string label) =>
        Assert.Throws<ArgumentException>(() => new MetricsRegistry().Counter(name, "h", label));

    [Fact]
    public void Counter_NegativeIncrementOrWrongLabelCount_Throws()
    {
        var counter = new MetricsRegistry().Counter("y_total", "Y.", "a");
        Assert.Throws<ArgumentException>(() => counter.WithLabels());
        Assert.Throws<ArgumentOutOfRangeException>(() => counter.WithLabels("v").Inc(-1));
    }
}

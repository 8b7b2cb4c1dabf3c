using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.Exposition;
using Aggregator.Shared.Federation;
using Aggregator.Shared.Model;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Tests.Storage;

namespace Aggregator.Shared.Tests.Federation;

/// <summary>Hostile /federate requests: a 400 naming the problem, counted by reason, never a 500.</summary>
public class FederateLimitsTests
{
    private readonly MetricsRegistry _registry = new();

    private FederateHandler Handler(int maxMatchers = 256)
    {
        var store = new SeriesStore(new SeriesStoreOptions(), new ManualClock(1000));
        store.Append(LabelSet.Of("__name__", "up", "job", "a"), new Sample(1000, 1));
        var handler = new FederateHandler(new SeriesStoreFederationSource(store), new FederationOptions { MaxMatchers = maxMatchers }, new ManualClock(1000));
        handler.ExportTo(_registry);
        return handler;
    }

    private string Metrics()
    {
        using var stream = new MemoryStream();
        var writer = ExpositionWriter.Create(stream, ContentNegotiation.Negotiate(null, null));
        _registry.WriteTo(writer);
        writer.CompleteAsync(default).AsTask().GetAwaiter().GetResult();
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task HandleAsync_PartialAnswers_CountedOnMetricsServedOrRefused()
    {
        var source = new FederateHandlerTests.FixedSource([new SeriesSample(LabelSet.Of("__name__", "up"), new Sample(1000, 1))], ["agg-1"]);
        var handler = new FederateHandler(source, new FederationOptions(), new ManualClock(1000));
        handler.ExportTo(_registry);

        var served = await FederateCall.RunAsync(handler, "GET", "?match[]=up");
        var refused = await FederateCall.RunAsync(handler, "GET", "?match[]=up&partial_response=false");

        Assert.Equal((200, 503), (served.Status, refused.Status));
        Assert.Contains("aggregator_federate_partial_responses_total 2", Metrics());
    }

    [Fact]
    public async Task HandleAsync_MoreMatchersThanTheLimit_400NamingTheLimitAndCounted()
    {
        var call = await FederateCall.RunAsync(Handler(maxMatchers: 2), "GET", "?match[]=up&match[]=up&match[]=up");

        Assert.Equal(400, call.Status);
        Assert.Equal("3 match[] selectors exceed the limit of 2 per request (limit match-per-request)\n", call.Body);
        Assert.Contains("aggregator_federate_rejected_total{reason=\"too_many_matchers\"} 1", Metrics());
    }

    [Fact]
    public async Task HandleAsync_MatchersAtTheLimit_200()
    {
        var call = await FederateCall.RunAsync(Handler(maxMatchers: 2), "GET", "?match[]=up&match[]=up");

        Assert.Equal(200, call.Status);
    }

    [Theory]
    [InlineData("?match[]={job=~\"a{1001}\"}", "1:2: parse error: error parsing regexp: invalid repeat count: `{1001}`\n")]
    [InlineData("?match[]={job=~\"a{2,1001}\"}", "1:2: parse error: error parsing regexp: invalid repeat count: `{2,1001}`\n")]
    [InlineData("?match[]={job=~\"a{5,2}\"}", "1:2: parse error: error parsing regexp: invalid repeat count: `{5,2}`\n")]
    public async Task HandleAsync_RepeatCountRe2Refuses_400WithPrometheusMessage(string query, string expected)
    {
        var call = await FederateCall.RunAsync(Handler(), "GET", query);

        Assert.Equal(400, call.Status);
        Assert.Equal(expected, call.Body);
        Assert.Contains("aggregator_federate_rejected_total{reason=\"bad_selector\"} 1", Metrics());
    }

    [Theory]
    [InlineData("?match[]={job=~\"a{1000}\"}")]
    [InlineData("?match[]={job=~\"a{,1001}\"}")]
    [InlineData("?match[]={job=~\"a{1001\"}")]
    public async Task HandleAsync_RepeatRe2Accepts_200(string query)
    {
        var call = await FederateCall.RunAsync(Handler(), "GET", query);

        Assert.Equal(200, call.Status);
    }

    [Fact]
    public async Task HandleAsync_RegexTheEngineCannotBuild_400NotA500()
    {
        var call = await FederateCall.RunAsync(Handler(), "GET", "?match[]={job=~\"((((a{1000}){1000}){1000}){1000})\"}");

        Assert.Equal(400, call.Status);
        Assert.StartsWith("1:2: parse error: error parsing regexp: ", call.Body);
    }
}

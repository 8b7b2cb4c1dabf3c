using Aggregator.Shared.Federation;
using Aggregator.Shared.Model;
using Aggregator.Shared.Storage;
using Aggregator.Shared.Tests.Storage;

namespace Aggregator.Shared.Tests.Federation;

/// <summary>The cases of Prometheus's web/federate_test.go (FEDERATE_SPEC §9) against our store.</summary>
public class FederateHandlerTests
{
    private const long Minute = 60_000;
    private static readonly long Now = 101 * Minute;

    // Note: the federate_test.go data, loaded with a sample every minute from t=0; windows keep history
    // so that "newest sample at or before now" is exercised as the TSDB answers it.
    private static SeriesStore LoadTestData()
    {
        var store = new SeriesStore(new SeriesStoreOptions { WindowLength = TimeSpan.FromMinutes(10) }, new ManualClock(Now));
        void Load(LabelSet series, Func<int, double> value, int count)
        {
            for (int i = 0; i < count; i++)
            {
                store.Append(series, new Sample(i * Minute, value(i)));
            }
        }
        Load(LabelSet.Of("__name__", "test_metric1", "foo", "bar", "instance", "i"), i => i * 100, 101);
        Load(LabelSet.Of("__name__", "test_metric1", "foo", "boo", "instance", "i"), _ => 1, 101);
        Load(LabelSet.Of("__name__", "test_metric2", "foo", "boo", "instance", "i"), _ => 1, 101);
        Load(LabelSet.Of("__name__", "test_metric_without_labels"), i => 1 + i * 10, 101);
        var stale = LabelSet.Of("__name__", "test_metric_stale");
        Load(stale, i => 1 + i * 10, 100);
        store.MarkStale(stale, 100 * Minute);
        Load(LabelSet.Of("__name__", "test_metric_old"), i => 1 + i * 10, 99);
        return store;
    }

    private static FederateHandler Handler(params Label[] external) =>
        new(new SeriesStoreFederationSource(LoadTestData()), new FederationOptions { ExternalLabels = external }, new ManualClock(Now));

    private static Task<FederateCall> Get(string query, params Label[] external) =>
        FederateCall.RunAsync(Handler(external), "GET", query);

    [Theory]
    [InlineData("", "")]
    [InlineData("?match[]=does_not_match_anything", "")]
    [InlineData("?match[]=test_metric1",
        "# TYPE test_metric1 untyped\ntest_metric1{foo=\"bar\",instance=\"i\"} 10000 6000000\ntest_metric1{foo=\"boo\",instance=\"i\"} 1 6000000\n")]
    [InlineData("?match[]=test_metric2", "# TYPE test_metric2 untyped\ntest_metric2{foo=\"boo\",instance=\"i\"} 1 6000000\n")]
    [InlineData("?match[]=test_metric_without_labels",
        "# TYPE test_metric_without_labels untyped\ntest_metric_without_labels{instance=\"\"} 1001 6000000\n")]
    [InlineData("?match[]=test_metric_stale", "")]
    [InlineData("?match[]=test_metric_old", "# TYPE test_metric_old untyped\ntest_metric_old{instance=\"\"} 981 5880000\n")]
    [InlineData("?match[]={foo='boo'}",
        "# TYPE test_metric1 untyped\ntest_metric1{foo=\"boo\",instance=\"i\"} 1 6000000\n# TYPE test_metric2 untyped\ntest_metric2{foo=\"boo\",instance=\"i\"} 1 6000000\n")]
    [InlineData("?match[]=test_metric1&match[]=test_metric2",
        "# TYPE test_metric1 untyped\ntest_metric1{foo=\"bar\",instance=\"i\"} 10000 6000000\ntest_metric1{foo=\"boo\",instance=\"i\"} 1 6000000\n# TYPE test_metric2 untyped\ntest_metric2{foo=\"boo\",instance=\"i\"} 1 6000000\n")]
    [InlineData("?match[]={__name__=~'test_metric1'}&match[]={foo='bar'}",
        "# TYPE test_metric1 untyped\ntest_metric1{foo=\"bar\",instance=\"i\"} 10000 6000000\ntest_metric1{foo=\"boo\",instance=\"i\"} 1 6000000\n")]
    [InlineData("?match[]={foo='',__name__=~'.%2B'}",
        "# TYPE test_metric_old untyped\ntest_metric_old{instance=\"\"} 981 5880000\n# TYPE test_metric_without_labels untyped\ntest_metric_without_labels{instance=\"\"} 1001 6000000\n")]
    public async Task HandleAsync_FederateTestCases_PrometheusBodies(string query, string expected)
    {
        var call = await Get(query);
        Assert.Equal(200, call.Status);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", call.Headers.ContentType.ToString());
        Assert.Equal(expected, call.Body);
    }

    private const string Everything =
        "# TYPE test_metric1 untyped\ntest_metric1{foo=\"bar\",instance=\"i\"} 10000 6000000\ntest_metric1{foo=\"boo\",instance=\"i\"} 1 6000000\n" +
        "# TYPE test_metric2 untyped\ntest_metric2{foo=\"boo\",instance=\"i\"} 1 6000000\n" +
        "# TYPE test_metric_old untyped\ntest_metric_old{instance=\"\"} 981 5880000\n" +
        "# TYPE test_metric_without_labels untyped\ntest_metric_without_labels{instance=\"\"} 1001 6000000\n";

    [Theory]
    [InlineData("?match[]={__name__=~'.%2B'}")]
    [InlineData("?match[]={bar='',__name__=~'.%2B'}")]
    public async Task HandleAsync_Everything_AllButStaleInNameOrder(string query)
    {
        Assert.Equal(Everything, (await Get(query)).Body);
    }

    [Fact]
    public async Task HandleAsync_ExternalLabels_AddedIfNotPresent()
    {
        var call = await Get("?match[]={__name__=~'.%2B'}", new Label("foo", "baz"), new Label("zone", "ie"));
        Assert.Equal(
            "# TYPE test_metric1 untyped\ntest_metric1{foo=\"bar\",instance=\"i\",zone=\"ie\"} 10000 6000000\ntest_metric1{foo=\"boo\",instance=\"i\",zone=\"ie\"} 1 6000000\n" +
            "# TYPE test_metric2 untyped\ntest_metric2{foo=\"boo\",instance=\"i\",zone=\"ie\"} 1 6000000\n" +
            "# TYPE test_metric_old untyped\ntest_metric_old{foo=\"baz\",instance=\"\",zone=\"ie\"} 981 5880000\n" +
            "# TYPE test_metric_without_labels untyped\ntest_metric_without_labels{foo=\"baz\",instance=\"\",zone=\"ie\"} 1001 6000000\n",
            call.Body);
    }

    [Fact]
    public async Task HandleAsync_InstanceIsExternal_OnlyWhereMissing()
    {
        var call = await Get("?match[]={__name__=~'.%2B'}", new Label("instance", "baz"));
        Assert.Contains("test_metric1{foo=\"bar\",instance=\"i\"} 10000 6000000\n", call.Body);
        Assert.Contains("test_metric_old{instance=\"baz\"} 981 5880000\n", call.Body);
        Assert.Contains("test_metric_without_labels{instance=\"baz\"} 1001 6000000\n", call.Body);
    }

    [Theory]
    [InlineData("text/plain;version=0.0.4", "x{b=\"1\",instance=\"\",site=\"s\"} 7 6000000\n", "a=")]
    [InlineData("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=compact-text",
        "metric:<label:<name:\"b\" value:\"1\" > label:<name:\"instance\" value:\"\" > label:<name:\"site\" value:\"s\" >", "name:\"a\"")]
    public async Task HandleAsync_SeriesWithEmptyLabelValue_DroppedOnEveryRequest(string accept, string expected, string absent)
    {
        // Note: the second request finds the series' spelling cached by the first and must still drop the empty label.
        var store = new SeriesStore(new SeriesStoreOptions(), new ManualClock(Now));
        store.Append(LabelSet.Of("__name__", "x", "a", "", "b", "1"), new Sample(100 * Minute, 7));
        var handler = new FederateHandler(new SeriesStoreFederationSource(store),
            new FederationOptions { ExternalLabels = [new Label("site", "s")] }, new ManualClock(Now));
        var headers = new Dictionary<string, string> { ["Accept"] = accept };

        var first = await FederateCall.RunAsync(handler, "GET", "?match[]=x", headers);
        var second = await FederateCall.RunAsync(handler, "GET", "?match[]=x", headers);

        Assert.Contains(expected, first.Body);
        Assert.DoesNotContain(absent, first.Body);
        Assert.Equal(first.Body, second.Body);
    }

    [Theory]
    [InlineData("?match[]=-not-a-valid-metric-name", "1:1: parse error: unexpected <op:->\n")]
    [InlineData("?match[]=not-a-valid-metric-name", "1:4: parse error: unexpected <op:->\n")]
    public async Task HandleAsync_InvalidSelector_400WithParserText(string query, string expected)
    {
        var call = await Get(query);
        Assert.Equal(400, call.Status);
        Assert.Equal(expected, call.Body);
        Assert.Equal("text/plain; charset=utf-8", call.Headers.ContentType.ToString());
        Assert.Equal("nosniff", call.Headers.XContentTypeOptions.ToString());
    }

    [Fact]
    public async Task HandleAsync_SourceNotReady_503ButBadParamsStill400()
    {
        var handler = new FederateHandler(new FailingSource(new FederationUnavailableException("TSDB not ready")), new FederationOptions());
        Assert.Equal(400, (await FederateCall.RunAsync(handler, "GET", "?match[]=-x")).Status);
        var call = await FederateCall.RunAsync(handler, "GET", "?match[]=up");
        Assert.Equal(503, call.Status);
        Assert.Equal("TSDB not ready\n", call.Body);
        var failing = new FederateHandler(new FailingSource(new InvalidOperationException("boom")), new FederationOptions());
        var error = await FederateCall.RunAsync(failing, "GET", "?match[]=up");
        Assert.Equal(500, error.Status);
        Assert.Equal("boom\n", error.Body);
        Assert.Equal(1, failing.Errors);
    }

    [Fact]
    public async Task HandleAsync_MissingMembers_PartialHeaderOr503WhenRefused()
    {
        var source = new FixedSource([new SeriesSample(LabelSet.Of("__name__", "up", "site", "a"), new Sample(Now, 1))], ["agg-1", "agg-2"]);
        var handler = new FederateHandler(source, new FederationOptions(), new ManualClock(Now));
        var partial = await FederateCall.RunAsync(handler, "GET", "?match[]=up");
        Assert.Equal(200, partial.Status);
        Assert.Equal("agg-1,agg-2", partial.Headers[FederationOptions.PartialHeader].ToString());
        Assert.Equal("# TYPE up untyped\nup{site=\"a\",instance=\"\"} 1 6060000\n", partial.Body);
        var strict = await FederateCall.RunAsync(handler, "GET", "?match[]=up&partial_response=false");
        Assert.Equal(503, strict.Status);
        Assert.Contains("agg-1,agg-2", strict.Body);
        Assert.Equal(2, handler.PartialResponses);
    }

    [Fact]
    public async Task HandleAsync_PostAllowedByOption_ReadsFormBodyFirst()
    {
        var handler = new FederateHandler(new SeriesStoreFederationSource(LoadTestData()), new FederationOptions { AllowPost = true }, new ManualClock(Now));
        var call = await FederateCall.RunAsync(handler, "POST", "?match[]=test_metric2", formBody: "match[]=test_metric_old");
        Assert.Equal(200, call.Status);
        Assert.Equal(
            "# TYPE test_metric2 untyped\ntest_metric2{foo=\"boo\",instance=\"i\"} 1 6000000\n# TYPE test_metric_old untyped\ntest_metric_old{instance=\"\"} 981 5880000\n",
            call.Body);
    }

    [Fact]
    public async Task HandleAsync_Options_200WithAllow()
    {
        var call = await FederateCall.RunAsync(Handler(), "OPTIONS", "");
        Assert.Equal(200, call.Status);
        Assert.Equal("GET, OPTIONS", call.Headers.Allow.ToString());
    }

    private sealed class FailingSource(Exception error) : IFederationSource
    {
        public ValueTask<FederationResult> QueryAsync(FederationQuery query, CancellationToken cancellationToken) =>
            ValueTask.FromException<FederationResult>(error);
    }

    internal sealed class FixedSource(SeriesSample[] series, string[] missing) : IFederationSource
    {
        public ValueTask<FederationResult> QueryAsync(FederationQuery query, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new FederationResult(series.ToAsyncEnumerable(), missing));
    }
}

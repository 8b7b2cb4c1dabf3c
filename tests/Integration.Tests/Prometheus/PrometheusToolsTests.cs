using Aggregator.Tests.Common;

namespace Aggregator.Integration.Tests.Prometheus;

public class PrometheusToolsTests
{
    [Fact]
    public async Task Promtool_Version_Is242()
    {
        var (exit, output) = await PrometheusTools.PromtoolAsync(["--version"]);
        Assert.Equal(0, exit);
        Assert.Contains("version 2.42", output);
    }
}

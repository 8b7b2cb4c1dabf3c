using System.Diagnostics.Metrics;
using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Tests.Diagnostics;

public class StandardMetricsTests
{
    [Fact]
    public void Accepts_HostScopedMeter_OnlyForItsOwnHost()
    {
        object hostA = new(), hostB = new();
        using var kestrelOfA = new Meter(new MeterOptions("Microsoft.AspNetCore.Server.Kestrel") { Scope = hostA });

        using var httpClientOfA = new Meter(new MeterOptions("System.Net.Http") { Scope = hostA });

        Assert.True(StandardMetrics.Accepts(kestrelOfA, hostA));
        Assert.False(StandardMetrics.Accepts(kestrelOfA, hostB));
        Assert.True(StandardMetrics.Accepts(httpClientOfA, hostA));
        Assert.False(StandardMetrics.Accepts(httpClientOfA, hostB));
    }

    [Fact]
    public void Accepts_ProcessMetersAndNothingElse()
    {
        object host = new();
        using var runtime = new Meter("System.Runtime");
        using var http = new Meter("System.Net.Http");
        using var other = new Meter("Some.Library");
        using var otherScoped = new Meter(new MeterOptions("Some.Library") { Scope = host });

        Assert.True(StandardMetrics.Accepts(runtime, host));
        Assert.True(StandardMetrics.Accepts(http, host));
        Assert.False(StandardMetrics.Accepts(other, host));
        Assert.False(StandardMetrics.Accepts(otherScoped, host));
    }

    [Theory]
    [InlineData("system_runtime_dotnet_thread_pool_thread_count", MetricType.Gauge, "system_runtime_dotnet_thread_pool_thread_count_current")]
    [InlineData("system_runtime_dotnet_timer_count", MetricType.Counter, "system_runtime_dotnet_timer_count_current")]
    [InlineData("microsoft_aspnetcore_hosting_http_server_request_duration", MetricType.Histogram, "microsoft_aspnetcore_hosting_http_server_request_duration")]
    [InlineData("x_count", MetricType.Summary, "x_count")]
    [InlineData("process_open_fds", MetricType.Gauge, "process_open_fds")]
    public void ServedName_CountSuffixOutsideHistograms_IsRenamed(string name, MetricType type, string expected) =>
        Assert.Equal(expected, StandardMetrics.ServedName(name, type));

    [Fact]
    public void MaxOpenFiles_OnLinux_IsThePositiveSoftLimitElseUnknown()
    {
        var max = ProcessResourceMetrics.MaxOpenFiles();
        Assert.True(OperatingSystem.IsLinux() ? max > 0 : max is null, $"got {max}");
    }
}

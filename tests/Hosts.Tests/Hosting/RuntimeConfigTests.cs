using System.Text.Json;
using Aggregator.Tests.Common;

namespace Aggregator.Hosts.Tests.Hosting;

/// <summary>
/// The runtime settings the hosts ship in their <c>runtimeconfig.json</c> (what <c>dotnet Aggregator.dll</c> and the
/// published image read at start), chosen by measurement (BENCHMARKS.md "CPU per interval, issue 14").
/// </summary>
public sealed class RuntimeConfigTests
{
    [Theory]
    [InlineData(OwnProcess.Node)]
    [InlineData(OwnProcess.Aggregator)]
    public void RuntimeConfig_Host_ThreadPoolWorkersDoNotSpinBeforeSleeping(string executable)
    {
        var properties = ConfigProperties(executable);

        Assert.True(properties.TryGetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit", out var spinLimit),
            $"{executable}: no UnfairSemaphoreSpinLimit in its runtimeconfig.json");
        Assert.Equal(0, spinLimit.GetInt32());
    }

    [Theory]
    [InlineData(OwnProcess.Node)]
    [InlineData(OwnProcess.Aggregator)]
    public void RuntimeConfig_Host_NoInstrumentedTierOfDynamicPgo(string executable)
    {
        var properties = ConfigProperties(executable);

        Assert.True(properties.TryGetProperty("System.Runtime.TieredPGO", out var pgo),
            $"{executable}: no TieredPGO in its runtimeconfig.json");
        Assert.False(pgo.GetBoolean());
    }

    // Note: measured at 100k series (BENCHMARKS.md "Session 7, helper mem2"): GCConserveMemory=5 saved ~7 MB of RSS
    // (the large object heap's gaps compacted) at no CPU cost above the noise; Server GC saved 10 MB for 16% more CPU.
    [Fact]
    public void RuntimeConfig_Node_WorkstationConcurrentGcConservingMemory()
    {
        var properties = ConfigProperties(OwnProcess.Node);

        Assert.True(properties.TryGetProperty("System.GC.Server", out var server), "Node: no System.GC.Server in its runtimeconfig.json");
        Assert.False(server.GetBoolean());
        Assert.True(properties.TryGetProperty("System.GC.Concurrent", out var concurrent), "Node: no System.GC.Concurrent in its runtimeconfig.json");
        Assert.True(concurrent.GetBoolean());
        Assert.True(properties.TryGetProperty("System.GC.ConserveMemory", out var conserve), "Node: no System.GC.ConserveMemory in its runtimeconfig.json");
        Assert.Equal(5, conserve.GetInt32());
    }

    private static JsonElement ConfigProperties(string executable)
    {
        var path = Path.Combine(AppContext.BaseDirectory, Path.ChangeExtension(executable, ".runtimeconfig.json"));
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using Aggregator.Tests.Common;

namespace Aggregator.Hosts.Tests.Reload;

/// <summary>SIGHUP to the real Node executable reloads its configuration instead of ending it, as it does for Prometheus.</summary>
public sealed class ReloadSignalProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reload-process-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Rules(string expr) => $"""
        groups:
          - name: marker
            interval: 200ms
            rules:
              - record: reload:marker
                expr: {expr}
        """;

    private static async Task SignalAsync(Process process, string signal)
    {
        using var kill = Process.Start("kill", [signal, process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    // Note: under nohup the Node starts with SIGHUP ignored, which the .NET runtime respects by never installing its
    // handler; CI runners can start the suite that way, and users start Prometheus that way and still reload with kill -HUP.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Sighup_BadThenGoodRuleFile_RefusedThenAppliedAndTheProcessKeepsRunning(bool startedUnderNohup)
    {
        int port = FreeTcpPort.Next();
        var config = Path.Combine(_dir, "topology.hocon");
        File.WriteAllText(Path.Combine(_dir, "site.yml"), Rules("vector(1)"));
        File.WriteAllText(config, $$"""
            aggregator {
              rings.global.members = [a]
              nodes {
                a { role = aggregator, ring = global, url = "http://127.0.0.1:{{FreeTcpPort.Next()}}" }
                dc1 { role = node, parent = global, url = "http://127.0.0.1:{{port}}", rule-files = ["site.yml"] }
              }
            }
            """);
        var start = new ProcessStartInfo(startedUnderNohup ? "nohup" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (startedUnderNohup)
        {
            start.ArgumentList.Add("dotnet");
        }
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Aggregator.Node.dll"), "--config", config, "--node", "dc1" })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["AGGREGATOR_DATA_DIR"] = Path.Combine(_dir, "data");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        try
        {
            using var http = new HttpClient();
            var node = $"http://127.0.0.1:{port}/";
            var ready = await TierHosts.PollAsync(http, node + "federate?match[]=reload:marker", b => b.Contains("reload:marker{", StringComparison.Ordinal));
            Assert.True(ready.Contains("reload:marker{", StringComparison.Ordinal), "never served the rule: " + (process.HasExited ? await stderr : "still starting"));

            File.WriteAllText(Path.Combine(_dir, "site.yml"), Rules("sum(("));
            await SignalAsync(process, "-HUP");
            var metrics = await TierHosts.PollAsync(http, node + "metrics", m => m.Contains("aggregator_config_last_reload_successful 0\n", StringComparison.Ordinal));
            Assert.Contains("aggregator_config_last_reload_successful 0\n", metrics);
            Assert.False(process.HasExited, "SIGHUP ended the process");
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(node + "-/healthy")).StatusCode);

            File.WriteAllText(Path.Combine(_dir, "site.yml"), Rules("vector(7)"));
            await SignalAsync(process, "-HUP");
            metrics = await TierHosts.PollAsync(http, node + "metrics", m => m.Contains("aggregator_config_last_reload_successful 1\n", StringComparison.Ordinal));
            Assert.Contains("aggregator_config_last_reload_successful 1\n", metrics);
            var federate = await TierHosts.PollAsync(http, node + "federate?match[]=reload:marker", b => b.Contains("} 7 ", StringComparison.Ordinal));
            Assert.Contains("} 7 ", federate);

            await SignalAsync(process, "-TERM");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
        }
        catch (Xunit.Sdk.XunitException failure)
        {
            // Note: the Node's own log says whether the signal arrived and what the reload did.
            process.Kill();
            throw new Xunit.Sdk.XunitException($"{failure.Message}\n--- Node stdout ---\n{await stdout}\n--- Node stderr ---\n{await stderr}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }
}

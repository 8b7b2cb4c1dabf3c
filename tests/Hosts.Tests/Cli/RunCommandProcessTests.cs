using System.Diagnostics;
using System.Net;
using Aggregator.Tests.Common;

namespace Aggregator.Hosts.Tests.Cli;

/// <summary>Runs the real Node executable and stops it the way Kubernetes does (SIGTERM) and the way a script does (SIGINT).</summary>
public sealed class RunCommandProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("topology-process-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Note: a non-interactive shell starts a command given with & with SIGINT ignored, and the .NET runtime respects an
    // ignored signal; the process takes SIGINT back (as Prometheus does), so kill -INT still stops it.
    [Theory]
    [InlineData("-TERM", false)]
    [InlineData("-INT", false)]
    [InlineData("-INT", true)]
    public async Task Run_StopSignal_StopsGracefullyWithExitZero(string signal, bool startedWithSigIntIgnored)
    {
        int port = FreeTcpPort.Next();
        var config = Path.Combine(_dir, "topology.hocon");
        File.WriteAllText(config, $$"""
            aggregator {
              rings.global.members = [a]
              nodes {
                a { role = aggregator, ring = global, url = "http://127.0.0.1:{{FreeTcpPort.Next()}}", cluster-port = {{FreeTcpPort.Next()}} }
                dc1 { role = node, parent = global, url = "http://127.0.0.1:{{port}}" }
              }
            }
            """);
        var start = new ProcessStartInfo(startedWithSigIntIgnored ? "bash" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (startedWithSigIntIgnored)
        {
            foreach (var arg in new[] { "-c", "trap '' INT; exec dotnet \"$@\"", "bash" })
            {
                start.ArgumentList.Add(arg);
            }
        }
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Aggregator.Node.dll"), "--config", config, "--node", "dc1" })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            HttpStatusCode? status = null;
            for (int attempt = 0; attempt < 600 && status != HttpStatusCode.OK && !process.HasExited; attempt++)
            {
                try
                {
                    status = (await client.GetAsync("/-/ready")).StatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(50);
                }
            }
            Assert.True(status == HttpStatusCode.OK, "never ready: " + (process.HasExited ? await stderr : "still starting"));
            using (var kill = Process.Start("kill", [signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("dc1 stopped", await stdout);
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

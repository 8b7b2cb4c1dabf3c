using System.Text.RegularExpressions;
using Aggregator.Shared.Cli;

namespace Aggregator.Hosts.Tests.Demo;

public class DemoCommandTests
{
    [Fact]
    public async Task Demo_FreePorts_GlobalViewHoldsEverySiteAndCtrlCStopsCleanly()
    {
        var dir = Directory.CreateTempSubdirectory("demo-test-").FullName;
        var output = new SynchronizedWriter();
        var errors = new SynchronizedWriter();
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => CliApp.RunAsync(["demo", "--base-port", "0", "--dir", dir], HostRole.Aggregator,
            new CliConsole(output, errors, () => Stream.Null), stop.Token));

        var ready = await WaitForAsync(output, "ready:", run, TimeSpan.FromMinutes(3));
        Assert.Contains("from dc1, dc2, dc3", ready);
        var global = Regex.Match(output.ToString(), @"curl -sG (\S+)federate").Groups[1].Value;
        Assert.StartsWith("http://127.0.0.1:", global);

        using var http = new HttpClient();
        var selector = Uri.EscapeDataString("{__name__=~\"job:http_requests_in_flight:sum\"}");
        var body = await http.GetStringAsync($"{global}federate?match[]={selector}");
        var lines = body.Split('\n').Where(l => l.StartsWith("job:", StringComparison.Ordinal)).ToList();
        // Note: one job-level series per site and job — replicas of the R=2 ring de-duplicated, not doubled.
        Assert.Equal(["dc1", "dc2", "dc3"], lines.Select(l => Regex.Match(l, "site=\"([^\"]+)\"").Groups[1].Value).Order());
        Assert.Contains(lines, l => l.Contains("job=\"api\"") && l.Contains("site=\"dc1\""));
        Assert.Contains(lines, l => l.Contains("job=\"checkout\"") && l.Contains("site=\"dc3\""));

        var drill = await http.GetStringAsync($"{global}sites/dc2/federate?match[]=http_requests_in_flight");
        Assert.Equal(6, drill.Split('\n').Count(l => l.StartsWith("http_requests_in_flight{", StringComparison.Ordinal)));

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("demo tree stopped", output.ToString());
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetStringAsync($"{global}-/healthy"));
        Assert.True(File.Exists(Path.Combine(dir, "topology.hocon")));
    }

    [Fact]
    public async Task Demo_BasePortTaken_ExitsOneNamingThePort()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var output = new StringWriter();
        var errors = new StringWriter();

        int code = await CliApp.RunAsync(["demo", "--base-port", (port - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)], HostRole.Aggregator,
            new CliConsole(output, errors, () => Stream.Null));

        Assert.Equal(1, code);
        Assert.Contains($"port {port} on 127.0.0.1 is already in use", errors.ToString());
    }

    private static async Task<string> WaitForAsync(SynchronizedWriter output, string marker, Task<int> run, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var line = output.ToString().Split('\n').FirstOrDefault(l => l.StartsWith(marker, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }
            Assert.False(run.IsCompleted, "the demo exited early:\n" + output);
            await Task.Delay(500);
        }
        throw new TimeoutException($"no '{marker}' line within {timeout}:\n{output}");
    }

    /// <summary>A string writer the demo's threads and the test may use at once.</summary>
    private sealed class SynchronizedWriter : StringWriter
    {
        private readonly object _gate = new();

        public override void Write(char value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void WriteLine(string? value)
        {
            lock (_gate)
            {
                base.WriteLine(value);
            }
        }

        public override string ToString()
        {
            lock (_gate)
            {
                return base.ToString();
            }
        }
    }
}

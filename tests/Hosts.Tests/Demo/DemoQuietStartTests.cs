using Aggregator.Tests.Common;

namespace Aggregator.Hosts.Tests.Demo;

/// <summary>
/// <c>Aggregator demo</c> as a user runs it, a real process: a clean start prints no warning (its ring's
/// members all listen before any of them joins, so no seed is asked before it listens), and Ctrl-C stops
/// the tree as quietly: no warning from a member while its peers leave, and no line of Akka's own console
/// logger, which bypasses the host's logging.
/// </summary>
public sealed class DemoQuietStartTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("demo-quiet-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Demo_CleanStartThenCtrlC_LogsNoWarningUntilReadyNorWhileStopping()
    {
        await using var demo = OwnProcess.Run(OwnProcess.Aggregator, "demo", _dir, "demo", "--base-port", "0", "--dir", _dir);

        var log = await LogUntilAsync(demo, "Ctrl-C stops the tree.", TimeSpan.FromMinutes(3));

        var start = log[..log.IndexOf("ready:", StringComparison.Ordinal)];
        var warnings = Alarming(start);
        Assert.True(warnings.Count == 0, $"{warnings.Count} warning lines before ready:\n{start}");
        Assert.Contains("from dc1, dc2, dc3", log);
        int stopFrom = log.Length;
        Assert.Equal(0, await demo.InterruptAsync(TimeSpan.FromSeconds(90)));
        var stop = demo.Log[stopFrom..];
        Assert.Contains("stopping the demo tree ...", stop);
        Assert.Contains("demo tree stopped", stop);
        var alarming = Alarming(stop);
        Assert.True(alarming.Count == 0, $"{alarming.Count} warning or raw Akka lines while stopping:\n{stop}");
    }

    /// <summary>Warnings and errors of the host's console logger, and any line of Akka's own stdout logger ("[INFO][date]...").</summary>
    private static List<string> Alarming(string log) =>
        [.. log.Split('\n').Where(l => l.StartsWith("warn:", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal)
            || l.StartsWith("crit:", StringComparison.Ordinal) || System.Text.RegularExpressions.Regex.IsMatch(l, @"^\[(DEBUG|INFO|WARNING|ERROR)\]\["))];

    private static async Task<string> LogUntilAsync(OwnProcess process, string marker, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var log = process.Log;
            if (log.Contains(marker, StringComparison.Ordinal))
            {
                return log;
            }
            Assert.False(process.HasExited, "the demo exited early:\n" + log);
            await Task.Delay(500);
        }
        throw new TimeoutException($"no '{marker}' within {timeout}:\n{process.Log}");
    }
}

using System.Diagnostics;

namespace Aggregator.Tests.Common;

/// <summary>Runs the real Prometheus 2.42 binaries that scripts/install-tools.sh unpacks.</summary>
public static class PrometheusTools
{
    /// <summary>Path of a binary (prometheus or promtool); fails the test clearly when not installed.</summary>
    public static string Binary(string name)
    {
        var dir = RepoPaths.PrometheusBinDir
            ?? throw new InvalidOperationException("Prometheus is not installed: run scripts/install-tools.sh");
        return Path.Combine(dir, name);
    }

    /// <summary>Runs promtool with arguments and optional stdin; returns exit code and combined output.</summary>
    public static async Task<(int ExitCode, string Output)> PromtoolAsync(string[] args, string? stdin = null)
    {
        var psi = new ProcessStartInfo(Binary("promtool"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}

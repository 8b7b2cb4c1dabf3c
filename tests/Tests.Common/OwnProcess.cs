using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Aggregator.Tests.Common;

/// <summary>
/// One of our own executables (<c>Aggregator.Node.dll</c> or <c>Aggregator.dll</c>, copied beside the
/// test assembly by its project references) run as a real process with <c>--config --node</c>: what
/// an operator runs, so a test can <c>kill -9</c> it, send it SIGTERM, or start it again on the same
/// data directory. Stopped by PID (SIGKILL) on dispose if still running.
/// Usage: <c>await using var member = await OwnProcess.StartAsync(OwnProcess.Aggregator, config, "agg-0", readyUrl, dataDir);</c>
/// </summary>
public sealed class OwnProcess : IAsyncDisposable
{
    /// <summary>The site role's executable.</summary>
    public const string Node = "Aggregator.Node.dll";

    /// <summary>The aggregator role's executable.</summary>
    public const string Aggregator = "Aggregator.dll";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private OwnProcess(Process process, string node)
    {
        _process = process;
        NodeName = node;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
    }

    /// <summary>The topology node this process runs as.</summary>
    public string NodeName { get; }

    /// <summary>The operating system's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code (only once <see cref="HasExited"/>).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote to stdout and stderr so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="executable"/> as <paramref name="node"/> of the topology file
    /// <paramref name="configPath"/> with its durable state in <paramref name="dataDir"/>, and waits
    /// until <paramref name="readyUrl"/> answers 200 (null: do not wait).
    /// </summary>
    public static async Task<OwnProcess> StartAsync(string executable, string configPath, string node, Uri? readyUrl, string dataDir, CancellationToken cancellationToken = default)
    {
        var own = Launch(executable, configPath, node, dataDir);
        if (readyUrl is null)
        {
            return own;
        }
        try
        {
            await own.WaitReadyAsync(readyUrl, ReadyTimeout, cancellationToken);
            return own;
        }
        catch
        {
            await own.DisposeAsync();
            throw;
        }
    }

    private static OwnProcess Launch(string executable, string configPath, string node, string dataDir) =>
        Launch(executable, node, Path.GetDirectoryName(configPath)!, new Dictionary<string, string> { ["AGGREGATOR_DATA_DIR"] = dataDir },
            "--config", configPath, "--node", node);

    /// <summary>
    /// Starts <paramref name="executable"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>
    /// (e.g. <c>demo --base-port 0</c>), named <paramref name="name"/> in failure messages; waits for nothing.
    /// </summary>
    public static OwnProcess Run(string executable, string name, string workingDirectory, params string[] arguments) =>
        Launch(executable, name, workingDirectory, new Dictionary<string, string>(), arguments);

    private static OwnProcess Launch(string executable, string name, string workingDirectory, Dictionary<string, string> environment, params string[] arguments)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, executable));
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var own = new OwnProcess(process, name);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return own;
    }

    /// <summary>Polls <paramref name="url"/> until it answers 200; throws with the process log otherwise.</summary>
    public Task WaitReadyAsync(Uri url, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitReadyAsync(url, timeout, null, cancellationToken);

    /// <summary>Like <see cref="WaitReadyAsync(Uri, TimeSpan, CancellationToken)"/> through <paramref name="client"/> (e.g. one that trusts a test CA and presents a client certificate).</summary>
    public async Task WaitReadyAsync(Uri url, TimeSpan timeout, HttpClient? client, CancellationToken cancellationToken = default)
    {
        using var own = client is null ? new HttpClient { Timeout = TimeSpan.FromSeconds(5) } : null;
        var http = client ?? own!;
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{NodeName} exited with {_process.ExitCode}:\n{Log}");
            }
            try
            {
                using var response = await http.GetAsync(url, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Note: not listening yet.
            }
            await Task.Delay(200, cancellationToken);
        }
        throw new TimeoutException($"{NodeName} not ready at {url} within {timeout}:\n{Log}");
    }

    /// <summary>SIGKILL: the process ends at once, with no chance to drain or leave its cluster.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited)
        {
            return;
        }
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGSTOP: the process is frozen (it keeps its sockets but answers nothing) until <see cref="ResumeAsync"/>.</summary>
    public Task SuspendAsync() => SignalAsync("-STOP");

    /// <summary>SIGCONT: a frozen process runs on.</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    /// <summary>SIGINT (Ctrl-C in a terminal), then waits up to <paramref name="timeout"/> for the exit; returns the exit code (SIGKILL and -1 past the wait).</summary>
    public Task<int> InterruptAsync(TimeSpan timeout) => StopBySignalAsync("-INT", timeout);

    private async Task SignalAsync(string signal)
    {
        if (_process.HasExited)
        {
            return;
        }
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>SIGTERM, then waits up to <paramref name="timeout"/> for a clean exit; returns the exit code (SIGKILL and -1 past the wait).</summary>
    public Task<int> TerminateAsync(TimeSpan timeout) => StopBySignalAsync("-TERM", timeout);

    private async Task<int> StopBySignalAsync(string signal, TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            await SignalAsync(signal);
            using var wait = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                await KillAsync();
                return -1;
            }
        }
        return _process.ExitCode;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (InvalidOperationException)
        {
            // Note: never started or already reaped.
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}

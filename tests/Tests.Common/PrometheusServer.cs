using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Aggregator.Tests.Common;

/// <summary>
/// A real Prometheus 2.42 server for one test fixture: 127.0.0.1, a free port, its own temporary
/// storage and config directory; started ready (<c>/-/ready</c> answers 200) and stopped by PID
/// (the whole process tree) on dispose.
/// Usage: <c>await using var prom = await PrometheusServer.StartAsync(config);</c> where the config
/// may contain <c>{{PORT}}</c> (this server's port, e.g. to scrape itself).
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    /// <summary>The placeholder in a config that is replaced by the server's own port.</summary>
    public const string PortPlaceholder = "{{PORT}}";

    /// <summary>A minimal config: scrape itself every second.</summary>
    public const string SelfScrapeConfig = """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: prometheus
            static_configs:
              - targets: ['127.0.0.1:{{PORT}}']
        """;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly HttpClient _http;

    private PrometheusServer(Process process, int port, string directory)
    {
        _process = process;
        Port = port;
        Directory = directory;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
    }

    /// <summary>The port it listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri BaseAddress { get; }

    /// <summary>The temporary directory holding prometheus.yml and data/ (deleted on dispose).</summary>
    public string Directory { get; }

    /// <summary>The process id (for tests that kill it on purpose).</summary>
    public int ProcessId => _process.Id;

    /// <summary>An HttpClient whose base address is this server.</summary>
    public HttpClient Http => _http;

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

    /// <summary>Starts Prometheus with <paramref name="configYaml"/> plus <paramref name="extraArgs"/> and waits until ready.</summary>
    public static async Task<PrometheusServer> StartAsync(string configYaml, IEnumerable<string>? extraArgs = null, CancellationToken cancellationToken = default)
    {
        var args = extraArgs?.ToArray() ?? [];
        Exception? last = null;
        // Note: a free port can be taken between picking and binding; a few attempts make that race harmless.
        for (int attempt = 0; attempt < 3; attempt++)
        {
            var server = Launch(configYaml, args);
            try
            {
                await server.WaitReadyAsync(cancellationToken);
                return server;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                last = e;
                await server.DisposeAsync();
            }
        }
        throw new InvalidOperationException("Prometheus did not become ready after 3 attempts", last);
    }

    private static PrometheusServer Launch(string configYaml, string[] extraArgs)
    {
        int port = FreeTcpPort.Next();
        var dir = Path.Combine(Path.GetTempPath(), "aggregator-prom-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(dir);
        var configPath = Path.Combine(dir, "prometheus.yml");
        File.WriteAllText(configPath, configYaml.Replace(PortPlaceholder, port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var psi = new ProcessStartInfo(PrometheusTools.Binary("prometheus"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dir,
        };
        psi.ArgumentList.Add("--config.file=" + configPath);
        psi.ArgumentList.Add("--storage.tsdb.path=" + Path.Combine(dir, "data"));
        psi.ArgumentList.Add("--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture));
        psi.ArgumentList.Add("--web.console.templates=" + Path.Combine(dir, "consoles"));
        psi.ArgumentList.Add("--web.console.libraries=" + Path.Combine(dir, "console_libraries"));
        foreach (var a in extraArgs)
        {
            psi.ArgumentList.Add(a);
        }
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var server = new PrometheusServer(process, port, dir);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Prometheus exited with {_process.ExitCode}:\n{Log}");
            }
            try
            {
                using var response = await _http.GetAsync("-/ready", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Note: not listening yet.
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException($"Prometheus not ready within {ReadyTimeout}:\n{Log}");
    }

    /// <summary>Runs an instant query and returns the <c>data.result</c> array (throws with the body on error).</summary>
    public async Task<JsonElement> QueryAsync(string promql, CancellationToken cancellationToken = default)
    {
        var url = "api/v1/query?query=" + Uri.EscapeDataString(promql);
        using var response = await _http.GetAsync(url, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"query {promql} failed: {(int)response.StatusCode} {body}");
        }
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("data").GetProperty("result").Clone();
    }

    /// <summary>
    /// Polls <paramref name="probe"/> until it returns true or <paramref name="timeout"/> passes;
    /// returns whether it succeeded (the caller asserts, with <see cref="Log"/> in the message).
    /// </summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> probe, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe())
            {
                return true;
            }
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            await Task.Delay(200, cancellationToken);
        }
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

    /// <summary>Kills the process tree, waits for exit and deletes the directory.</summary>
    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await _process.WaitForExitAsync(cts.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Note: never started or already reaped.
        }
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Note: best effort; a temp directory left behind must not fail the test.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

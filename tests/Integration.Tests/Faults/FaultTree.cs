using System.Diagnostics;
using System.Globalization;
using Aggregator.Tests.Common;

namespace Aggregator.Integration.Tests.Faults;

/// <summary>
/// The smallest real tree the fault tests break: one ring "global" of one Aggregator process (agg-0) and
/// one site Node process (dc1) forwarding to it, on loopback ports of their own, with a topology file,
/// rule files and data directory in a temporary folder. The Node's rule group counts its own evaluations
/// (<c>fault:seq</c> = 1, 2, 3, … one sample per evaluation, so one forwarded batch holds exactly one
/// sample), and the ring keeps an hour of that series and records its count, min and max per site and
/// Node life (<see cref="FaultLedger"/>): what arrived can be told apart from what was produced.
/// Usage: <c>await using var tree = FaultTree.Create("name", new FaultTreeOptions { ... });</c>
/// </summary>
internal sealed class FaultTree : IAsyncDisposable
{
    /// <summary>Every process started, killed by PID on dispose if still running.</summary>
    private readonly List<OwnProcess> _started = [];
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly string _name;

    private FaultTree(string name, string dir, FaultTreeOptions options)
    {
        _name = name;
        Dir = dir;
        Options = options;
        AggregatorUrl = new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}/");
        NodeUrl = new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}/");
        ConfigPath = Path.Combine(dir, "topology.hocon");
        DataDir = Path.Combine(dir, "data");
    }

    public string Dir { get; }

    public FaultTreeOptions Options { get; }

    /// <summary>agg-0, the ring's only member.</summary>
    public Uri AggregatorUrl { get; }

    /// <summary>dc1, the site Node.</summary>
    public Uri NodeUrl { get; }

    public string ConfigPath { get; }

    /// <summary>AGGREGATOR_DATA_DIR of both processes (each keeps its state in a folder named by its id).</summary>
    public string DataDir { get; }

    /// <summary>The Node's durable forward queue (segment files and cursor).</summary>
    public string NodeQueueDirectory => Path.Combine(DataDir, "dc1", "forward-global");

    /// <summary>Writes the topology and rule files (the Node's rules for life 1).</summary>
    public static FaultTree Create(string name, FaultTreeOptions? options = null)
    {
        var tree = new FaultTree(name, Directory.CreateTempSubdirectory("fault-" + name + "-").FullName, options ?? new FaultTreeOptions());
        tree.WriteTopology();
        tree.WriteNodeRules(life: 1);
        File.WriteAllText(Path.Combine(tree.Dir, "global.yml"), FaultLedger.RingRules);
        return tree;
    }

    /// <summary>
    /// Rewrites the Node's rule file so that what the next Node process produces carries <c>life</c>:
    /// each life's sequence restarts at 1 (the Node keeps no store across a restart) and is counted apart.
    /// </summary>
    public void WriteNodeRules(int life) =>
        File.WriteAllText(Path.Combine(Dir, "site.yml"), FaultLedger.NodeRules(life, Options.NodeInterval));

    public Task<OwnProcess> StartAggregatorAsync() => StartAsync(OwnProcess.Aggregator, "agg-0", AggregatorUrl);

    public Task<OwnProcess> StartNodeAsync() => StartAsync(OwnProcess.Node, "dc1", NodeUrl);

    private async Task<OwnProcess> StartAsync(string executable, string node, Uri url)
    {
        var process = await OwnProcess.StartAsync(executable, ConfigPath, node, new Uri(url, "-/ready"), DataDir);
        lock (_started)
        {
            _started.Add(process);
        }
        Log($"{node} started (pid {process.ProcessId})");
        return process;
    }

    /// <summary>Prints a line with the seconds since the tree was created (CI shows each test's wall time).</summary>
    public void Log(string line) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[fault {_name} {_wall.Elapsed.TotalSeconds,6:F1}s] {line}"));

    /// <summary>Asserts that each process is running and answers /-/healthy 200, naming the one that does not (with its log).</summary>
    public async Task AssertHealthyAsync(HttpClient http, params (OwnProcess Process, Uri Url)[] processes)
    {
        foreach (var (process, url) in processes)
        {
            Assert.False(process.HasExited, $"{process.NodeName} exited:\n{process.Log}");
            using var response = await http.GetAsync(new Uri(url, "-/healthy"));
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"{process.NodeName} /-/healthy answered {(int)response.StatusCode}:\n{process.Log}");
        }
    }

    /// <summary>
    /// Takes the ring down with an exact record of what it got: freezes the Node (SIGSTOP), waits until the
    /// ring's ledger of life 1 no longer moves, SIGKILLs the Aggregator, and lets the Node run on. Returns
    /// that last ledger: every sample of life 1 up to its <c>Max</c> reached the ring before it died.
    /// </summary>
    public async Task<FaultLedger> KillRingAsync(HttpClient http, OwnProcess node, OwnProcess aggregator)
    {
        await node.SuspendAsync();
        var last = await StableLedgerAsync(http, life: 1);
        await aggregator.KillAsync();
        await node.ResumeAsync();
        Log($"ring killed holding {last}");
        return last;
    }

    /// <summary>The ring's ledger of <paramref name="life"/> once two reads a few evaluations apart agree (the writer is stopped).</summary>
    public async Task<FaultLedger> StableLedgerAsync(HttpClient http, int life)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        FaultLedger? previous = null;
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            var current = (await FaultLedger.ReadAsync(http, AggregatorUrl)).GetValueOrDefault(life.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (current is not null && current == previous)
            {
                return current;
            }
            Assert.True(DateTime.UtcNow < deadline, $"the ring's ledger of life {life} kept moving: {previous} then {current}");
            previous = current;
        }
    }

    /// <summary>Polls the Node's /metrics until <paramref name="done"/> holds (at most <paramref name="timeout"/>) and returns that page.</summary>
    public async Task<FaultScrape> WaitNodeMetricsAsync(HttpClient http, Func<FaultScrape, bool> done, TimeSpan timeout, string failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var page = await FaultScrape.MetricsAsync(http, NodeUrl);
            if (done(page))
            {
                return page;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{failure}:\n{page.Body}");
            await Task.Delay(500);
        }
    }

    /// <summary>Waits until the Node's forward queue is empty (everything it held was taken by the ring).</summary>
    public Task<FaultScrape> WaitNodeDrainedAsync(HttpClient http) =>
        WaitNodeMetricsAsync(http, page => page.Has(QueueBatches, Ring) && page.Value(QueueBatches, Ring) == 0,
            TimeSpan.FromSeconds(90), "the Node's forward queue did not drain");

    /// <summary>The Node's forward-queue counters of what it lost (each must be 0 unless the test injects that loss).</summary>
    public static (double Overflow, double Corrupt, double Parked, double Refused) Losses(FaultScrape node) => (
        node.Value("aggregator_forward_queue_overflow_batches_total", Ring),
        node.Value("aggregator_forward_queue_corrupt_batches_total", Ring),
        node.Value("aggregator_forward_parked_batches_total", Ring),
        node.Value("aggregator_forward_refused_batches_total", Ring));

    /// <summary>
    /// The ring's counters of what its receiver or store did not keep: requests refused with a 4xx (all reasons),
    /// answered 503 or 500 (the sender retries), and samples its store dropped as out of order.
    /// </summary>
    public static (double Rejected, double Unavailable, double SinkFailures, double OutOfOrder) RingDrops(FaultScrape ring) => (
        ring.Value("aggregator_remote_write_rejected_total"),
        ring.Value("aggregator_remote_write_unavailable_total"),
        ring.Value("aggregator_remote_write_sink_failures_total"),
        ring.Value("aggregator_store_out_of_order_samples_total"));

    /// <summary>The ring's drop counters above 0, each with its reason (for the log and failure messages).</summary>
    public static string DropReasons(FaultScrape ring) => string.Join(", ", ring.Samples
        .Where(s => s.Value > 0 && s.Series.MetricName is "aggregator_remote_write_rejected_total" or "aggregator_remote_write_unavailable_total"
            or "aggregator_remote_write_sink_failures_total" or "aggregator_store_out_of_order_samples_total")
        .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Series.MetricName}{{reason={s.Series.Get("reason") ?? "-"}}}={s.Value}"))
        .DefaultIfEmpty("none"));

    /// <summary>Samples the Node's rule group produced in its current life.</summary>
    public static double Produced(FaultScrape node) => node.Value("aggregator_rule_group_samples_total", ("rule_group", "fault-seq"));

    /// <summary>The label of the Node's queue metrics.</summary>
    public static readonly (string Name, string Value) Ring = ("ring", "global");

    public const string QueueBatches = "aggregator_forward_queue_batches";

    public async ValueTask DisposeAsync()
    {
        OwnProcess[] started;
        lock (_started)
        {
            started = [.. _started];
        }
        foreach (var process in started)
        {
            await process.DisposeAsync();
        }
        Log("done");
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // Note: a killed process may still hold a file for a moment; the temp folder is cleaned later.
        }
    }

    private void WriteTopology()
    {
        int clusterPort = FreeTcpPort.Next();
        File.WriteAllText(ConfigPath, $$"""
            aggregator {
              {{Options.Tree}}
              rings { global { members = [agg-0], rule-files = ["global.yml"] } }
              nodes {
                agg-0 { role = aggregator, ring = global, url = "{{AggregatorUrl.ToString().TrimEnd('/')}}", cluster-port = {{clusterPort}} }
                dc1 {
                  role = node, parent = global, url = "{{NodeUrl.ToString().TrimEnd('/')}}", rule-files = ["site.yml"]
                  {{Options.Node}}
                }
              }
            }
            """);
    }
}

/// <summary>What a fault test adds to the <see cref="FaultTree"/> topology.</summary>
internal sealed record FaultTreeOptions
{
    /// <summary>HOCON inside <c>aggregator { }</c> (e.g. a <c>server { }</c> or <c>limits { }</c> block).</summary>
    public string Tree { get; init; } = string.Empty;

    /// <summary>HOCON inside the Node's entry <c>nodes.dc1 { }</c>.</summary>
    public string Node { get; init; } = string.Empty;

    /// <summary>How often the Node's rule group produces a sample (one forwarded batch each time).</summary>
    public string NodeInterval { get; init; } = "1s";
}

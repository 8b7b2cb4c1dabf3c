using System.Net;
using System.Net.Sockets;
using System.Text;
using Aggregator.Shared.RemoteWrite;

namespace Aggregator.Integration.Tests.Faults;

/// <summary>
/// Slow and idle clients against a real Node and Aggregator with short <c>server { }</c> timeouts: a
/// slowloris (headers trickled forever), a connection idle after its first answer, one that never sends
/// a byte, and a remote-write body trickled below the minimum data rate are each cut by the process,
/// long before Kestrel's defaults would (30 s, 130 s); meanwhile ordinary requests keep being answered,
/// the slow bodies are counted as refused writes (reason body_read_timeout), and the Node's samples keep
/// arriving whole: what was sent equals what the ring accepted and holds plus the refusals counted.
/// </summary>
[Collection(FaultSuiteCollection.Name)]
public sealed class SlowConnectionsTests
{
    private const string ShortTimeouts = """
        server { request-headers-timeout = 2s, keep-alive-timeout = 2s, body-read-timeout = 3s, min-data-rate = 240, min-data-rate-grace = 2s }
        """;

    /// <summary>How long a client keeps trickling before the test calls the connection "not cut" (the defaults are 30 s and more).</summary>
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(20);

    private const int SlowClientsEach = 5;

    [Fact]
    public async Task Connections_SlowAndIdleClients_CutByConfiguredTimeoutsWhileOthersAreServed()
    {
        await using var tree = FaultTree.Create("slow", new FaultTreeOptions { Tree = ShortTimeouts });
        var aggregator = await tree.StartAggregatorAsync();
        var node = await tree.StartNodeAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var before = await FaultScrape.MetricsAsync(http, tree.AggregatorUrl);

        using var stop = new CancellationTokenSource();
        var served = ServeMeanwhileAsync(http, [tree.AggregatorUrl, tree.NodeUrl], stop.Token);
        var clients = new List<Task<(string What, bool Cut)>>();
        foreach (var url in new[] { tree.AggregatorUrl, tree.NodeUrl })
        {
            for (int i = 0; i < SlowClientsEach; i++)
            {
                clients.Add(Named($"slowloris {url.Port}", SlowlorisAsync(url)));
                clients.Add(Named($"idle after an answer {url.Port}", IdleAfterAnswerAsync(url)));
                clients.Add(Named($"silent {url.Port}", SilentAsync(url)));
            }
        }
        for (int i = 0; i < SlowClientsEach; i++)
        {
            clients.Add(Named("slow remote-write body", SlowBodyAsync(tree.AggregatorUrl)));
        }
        var results = await Task.WhenAll(clients);
        await stop.CancelAsync();
        var (answered, failed) = await served;
        tree.Log($"{results.Count(r => r.Cut)} of {results.Length} slow clients cut; {answered} ordinary requests answered meanwhile, {failed} failed");

        Assert.All(results, r => Assert.True(r.Cut, $"{r.What}: the connection was still open after {GiveUp.TotalSeconds} s"));
        Assert.True(answered > 0, "no ordinary request was answered while the slow clients held their connections");
        Assert.Equal(0, failed);

        // The ledger: the Node's queue drained, then the Node frozen while the ring's record of its sequence settles.
        var drained = await tree.WaitNodeDrainedAsync(http);
        await node.SuspendAsync();
        var ledger = await tree.StableLedgerAsync(http, life: 1);
        var after = await FaultScrape.MetricsAsync(http, tree.AggregatorUrl);
        await node.ResumeAsync();
        var nodeAfter = await FaultScrape.MetricsAsync(http, tree.NodeUrl);
        // Note: the whole life's figure, not a difference from before: only the Node writes samples, and the ledger holds its whole life.
        double accepted = after.Value("aggregator_remote_write_accepted_samples_total");
        double retries = nodeAfter.Value("aggregator_forward_retries_total");
        var timedOut = ("reason", RemoteWriteErrorKind.BodyReadTimeout.Reason());
        double refused = after.Value("aggregator_remote_write_rejected_total", timedOut) - before.Value("aggregator_remote_write_rejected_total", timedOut);
        tree.Log($"sent: {SlowClientsEach} slow bodies, {FaultTree.Produced(drained)}+ Node samples; ring held {ledger}; accepted {accepted} samples; " +
            $"Node losses {FaultTree.Losses(nodeAfter)}, {retries} retried sends; ring drops: {FaultTree.DropReasons(after)}");

        // Sent = arrived + dropped: each slow body is one refusal counted with its reason and nothing else was refused or dropped;
        // every sequence value the Node sent is in the ring's history and was accepted (a retried send perhaps twice).
        Assert.Equal(SlowClientsEach, refused);
        Assert.True(FaultTree.RingDrops(after) == (SlowClientsEach, 0, 0, 0), $"the ring dropped: {FaultTree.DropReasons(after)}");
        Assert.True(ledger is { Min: 1, Missing: 0 } && ledger.Max >= FaultTree.Produced(drained), $"the Node's samples did not arrive whole: {ledger}, {FaultTree.Produced(drained)} produced");
        Assert.InRange(accepted - ledger.Count, 0, retries);
        Assert.Equal((0.0, 0.0, 0.0, 0.0), FaultTree.Losses(nodeAfter));
        Assert.Equal(0, nodeAfter.Value("aggregator_forward_dropped_batches_total"));
        await tree.AssertHealthyAsync(http, (aggregator, tree.AggregatorUrl), (node, tree.NodeUrl));
    }

    private static async Task<(string, bool)> Named(string what, Task<bool> cut) => (what, await cut);

    /// <summary>Sends a request line, then one more header line every 300 ms, never the blank line that ends the headers.</summary>
    private static async Task<bool> SlowlorisAsync(Uri url)
    {
        using var client = await ConnectAsync(url);
        var stream = client.GetStream();
        var deadline = DateTime.UtcNow + GiveUp;
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /-/healthy HTTP/1.1\r\nHost: {url.Authority}\r\n"));
            for (int i = 0; DateTime.UtcNow < deadline; i++)
            {
                await Task.Delay(300);
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"X-Slow-{i}: x\r\n"));
                if (client.Client.Poll(0, SelectMode.SelectRead) && client.Available == 0)
                {
                    return true;
                }
            }
        }
        catch (IOException)
        {
            return true;
        }
        return false;
    }

    /// <summary>Gets one answer on a kept-alive connection, then says nothing more.</summary>
    private static async Task<bool> IdleAfterAnswerAsync(Uri url)
    {
        using var client = await ConnectAsync(url);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /-/healthy HTTP/1.1\r\nHost: {url.Authority}\r\n\r\n"));
        var buffer = new byte[4096];
        int read = await stream.ReadAsync(buffer);
        Assert.StartsWith("HTTP/1.1 200", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
        return await ClosedWithinAsync(stream);
    }

    /// <summary>Connects and never sends a byte.</summary>
    private static async Task<bool> SilentAsync(Uri url)
    {
        using var client = await ConnectAsync(url);
        return await ClosedWithinAsync(client.GetStream());
    }

    /// <summary>Starts a remote-write whose 4 KiB body comes one byte every 200 ms (5 B/s, below min-data-rate).</summary>
    private static async Task<bool> SlowBodyAsync(Uri url)
    {
        using var client = await ConnectAsync(url);
        var stream = client.GetStream();
        var deadline = DateTime.UtcNow + GiveUp;
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"POST /api/v1/write HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Type: application/x-protobuf\r\nContent-Encoding: snappy\r\nContent-Length: 4096\r\n\r\n"));
            while (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
                await stream.WriteAsync(new byte[] { 0 });
                if (client.Client.Poll(0, SelectMode.SelectRead))
                {
                    // Note: readable means an answer (the refusal) or the close; either way the body was cut off.
                    return true;
                }
            }
        }
        catch (IOException)
        {
            return true;
        }
        return false;
    }

    /// <summary>True when the server closes (or resets) the connection before <see cref="GiveUp"/>.</summary>
    private static async Task<bool> ClosedWithinAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(GiveUp);
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                if (await stream.ReadAsync(buffer, timeout.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static async Task<TcpClient> ConnectAsync(Uri url)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, url.Port);
        return client;
    }

    /// <summary>GETs /-/healthy and /metrics of each process every 250 ms until stopped; returns answers (200) and failures.</summary>
    private static async Task<(int Answered, int Failed)> ServeMeanwhileAsync(HttpClient http, Uri[] processes, CancellationToken stop)
    {
        int answered = 0, failed = 0;
        while (!stop.IsCancellationRequested)
        {
            foreach (var process in processes)
            {
                foreach (var path in new[] { "-/healthy", "metrics" })
                {
                    using var response = await http.GetAsync(new Uri(process, path), CancellationToken.None);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        answered++;
                    }
                    else
                    {
                        failed++;
                    }
                }
            }
            try
            {
                await Task.Delay(250, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return (answered, failed);
    }
}

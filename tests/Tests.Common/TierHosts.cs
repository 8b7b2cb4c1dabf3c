using Xunit;
using System.Net;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Model;
using Aggregator.Shared.RemoteWrite;
using Aggregator.Shared.Topology;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Aggregator.Tests.Common;

/// <summary>Starts tier hosts from a topology text on 127.0.0.1, pushes series, and waits for answers.</summary>
internal static class TierHosts
{
    internal static TopologyConfig Load(string dir, string hocon)
    {
        var result = TopologyLoader.LoadText(hocon, Path.Combine(dir, "topology.hocon"), dir, _ => null);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Topology!;
    }

    /// <summary>
    /// Writes the job-level rules (<see cref="WriteJobLevelRules"/>) in <paramref name="dir"/> and loads the
    /// smallest tree with a site: ring <c>global</c> of one member, agg-0 at <paramref name="parentUrl"/>,
    /// and site Node dc1 on 127.0.0.1:<paramref name="sitePort"/> running those rules.
    /// </summary>
    internal static TopologyConfig LoadOneSite(string dir, string parentUrl, int sitePort)
    {
        WriteJobLevelRules(dir);
        return Load(dir, $$"""
            aggregator {
              rings { global { members = [agg-0] } }
              nodes {
                agg-0 { role = aggregator, ring = global, url = "{{parentUrl}}", cluster-port = {{FreeTcpPort.Next()}} }
                dc1 { role = node, parent = global, url = "http://127.0.0.1:{{sitePort}}", rule-files = ["site.yml"] }
              }
            }
            """);
    }

    /// <summary>
    /// Writes <c>site.yml</c>: one group "job-level" every second recording
    /// <c>job:http_requests:sum = sum by (job) (http_requests_total)</c>.
    /// </summary>
    public static void WriteJobLevelRules(string dir) => File.WriteAllText(Path.Combine(dir, "site.yml"), """
        groups:
          - name: job-level
            interval: 1s
            rules:
              - record: job:http_requests:sum
                expr: sum by (job) (http_requests_total)
        """);

    /// <summary>Starts node <paramref name="id"/> in this process; its log goes to <paramref name="logs"/> (nowhere when null).</summary>
    internal static async Task<WebApplication> StartAsync(TopologyConfig topology, string id, string dataDir, TimeSpan? completenessInterval = null, ILoggerProvider? logs = null,
        Func<Aggregator.Shared.DiskQueue.DiskQueueOptions, Aggregator.Shared.DiskQueue.IDurableQueue>? openForwardQueue = null)
    {
        var node = topology.FindNode(id)!;
        var app = NodeHostBuilder.Build(new NodeContext(topology, node), new NodeHostOptions
        {
            ListenOverride = node.Url,
            DataDirectory = dataDir,
            CompletenessInterval = completenessInterval ?? TimeSpan.FromMilliseconds(200),
            Configure = builder =>
            {
                builder.Logging.ClearProviders();
                if (logs is not null)
                {
                    builder.Logging.SetMinimumLevel(LogLevel.Debug);
                    builder.Logging.AddProvider(logs);
                }
            },
            OpenForwardQueue = openForwardQueue,
        });
        await app.StartAsync();
        return app;
    }

    internal static async Task PushAsync(HttpClient http, Uri node, params WriteSeries[] series)
    {
        using var encoder = new RemoteWriteEncoder();
        var body = encoder.Encode(series);
        using var content = new ByteArrayContent(body.Compressed);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/x-protobuf");
        content.Headers.TryAddWithoutValidation("Content-Encoding", "snappy");
        var response = await http.PostAsync(new Uri(node, "api/v1/write"), content);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    internal static WriteSeries Series(long timestampMs, double value, params string[] namesAndValues) =>
        new(LabelSet.Of(namesAndValues), [new Sample(timestampMs, value)]);

    /// <summary>
    /// GETs <c>/-/ready</c> until it answers 200 (60 s at most) and returns the last status. Note: a ring
    /// member turns ready only once its cluster is Up and it holds every known site.
    /// </summary>
    public static async Task<HttpStatusCode> WaitReadyAsync(HttpClient http, Uri baseAddress)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var status = HttpStatusCode.ServiceUnavailable;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await http.GetAsync(new Uri(baseAddress, "-/ready"));
            status = response.StatusCode;
            if (status == HttpStatusCode.OK)
            {
                break;
            }
            await Task.Delay(200);
        }
        return status;
    }

    /// <summary>GETs <paramref name="url"/> until the body satisfies <paramref name="done"/> (30 s at most), and returns the last body.</summary>
    public static async Task<string> PollAsync(HttpClient http, string url, Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string body = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                body = await http.GetStringAsync(url);
                if (done(body))
                {
                    return body;
                }
            }
            catch (HttpRequestException)
            {
                // Note: a host still starting; try again.
            }
            await Task.Delay(200);
        }
        return body;
    }
}

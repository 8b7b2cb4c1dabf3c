using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Demo;

/// <summary>What one look at the global <c>/federate</c> found: job-level series per site and global rule results.</summary>
internal sealed record DemoReadiness(IReadOnlyList<string> SitesSeen, int JobLevelSeries, int GlobalSeries)
{
    /// <summary>The selector the demo points users at: every site's job-level series and the global rules' results.</summary>
    public const string JobLevelSelector = "{__name__=~\"job:.*|global:.*\"}";

    public bool IsComplete(IReadOnlyList<string> sites) => sites.All(SitesSeen.Contains) && GlobalSeries > 0;

    /// <summary>Asks <paramref name="aggregator"/>'s global view once.</summary>
    public static async Task<DemoReadiness> ProbeAsync(HttpClient http, NodeConfig aggregator, string siteLabel, CancellationToken cancellationToken)
    {
        var url = new Uri(aggregator.Url, "federate?match[]=" + Uri.EscapeDataString(JobLevelSelector));
        var body = await http.GetStringAsync(url, cancellationToken).ConfigureAwait(false);
        var sites = new SortedSet<string>(StringComparer.Ordinal);
        int jobLevel = 0, global = 0;
        string marker = siteLabel + "=\"";
        foreach (var line in body.Split('\n'))
        {
            if (line.StartsWith("job:", StringComparison.Ordinal))
            {
                jobLevel++;
                int at = line.IndexOf(marker, StringComparison.Ordinal);
                if (at >= 0)
                {
                    int start = at + marker.Length;
                    int end = line.IndexOf('"', start);
                    sites.Add(line[start..end]);
                }
            }
            else if (line.StartsWith("global:", StringComparison.Ordinal))
            {
                global++;
            }
        }
        return new DemoReadiness([.. sites], jobLevel, global);
    }

    /// <summary>Probes every <paramref name="every"/> until every site and a global result show up, or the timeout.</summary>
    public static async Task<DemoReadiness?> WaitAsync(NodeConfig aggregator, string siteLabel, IReadOnlyList<string> sites, TimeSpan timeout, TimeSpan every, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + timeout;
        DemoReadiness? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await ProbeAsync(http, aggregator, siteLabel, cancellationToken).ConfigureAwait(false);
                if (last.IsComplete(sites))
                {
                    return last;
                }
            }
            catch (HttpRequestException)
            {
                // Note: not answering yet is a normal part of starting up; keep probing.
            }
            await Task.Delay(every, cancellationToken).ConfigureAwait(false);
        }
        return null;
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Aggregator.Bench.SideBySide;

/// <summary>
/// The configuration files of one run: the site Prometheus's scrape config, the classic federating
/// Prometheus's config, the shared rule file and our topology.hocon. Both federators pull the same
/// series (<see cref="EverythingSelector"/>, with honor_labels) and evaluate the same rule file.
/// </summary>
internal static partial class BenchFiles
{
    /// <summary>Every series: what both federators pull, and the "all N series" /federate request.</summary>
    public const string EverythingSelector = "{__name__=~\".+\"}";

    /// <summary>The measured rule group (rules/site.yml) and the freshness group added beside it.</summary>
    public const string JobLevelGroup = "site-job-level";
    public const string FreshnessGroup = "bench-freshness";
    public const string FreshnessRecord = "job:bench_source_time_seconds:max";

    public const string RulesFile = "rules.yml";
    public const string AggregatorId = "agg-0";
    public const string NodeId = "site-0";
    public const string SourceName = "site-prometheus";

    /// <summary>rules/site.yml at the run's interval (ranges widened above 15 s), plus one group that carries the freshness gauge to the top.</summary>
    public static string Rules(string repoRoot, TimeSpan interval)
    {
        var site = File.ReadAllText(Path.Combine(repoRoot, "rules", "site.yml"));
        string seconds = Seconds(interval);
        site = IntervalPattern().Replace(site, m => m.Groups[1].Value + seconds);
        // Note: rate() needs at least two samples in its range; at intervals above 15 s the 1m ranges of
        // rules/site.yml would often hold one, so both ways get ranges of four intervals instead.
        if (interval > TimeSpan.FromSeconds(15))
        {
            site = site.Replace("[1m]", $"[{Seconds(interval * 4)}]", StringComparison.Ordinal);
        }
        return site.TrimEnd() + $$"""

              - name: {{FreshnessGroup}}
                interval: {{seconds}}
                rules:
                  - record: {{FreshnessRecord}}
                    expr: max by (job) ({{SyntheticTargets.SourceTimeMetric}})

            """;
    }

    /// <summary>The site: one Prometheus scraping every target, keeping the targets' job and instance labels.</summary>
    public static string SitePrometheus(IEnumerable<Uri> targets, TimeSpan interval) => $$"""
        global:
          scrape_interval: {{Seconds(interval)}}
          scrape_timeout: {{Seconds(interval)}}
          evaluation_interval: {{Seconds(interval)}}
        scrape_configs:
          - job_name: targets
            honor_labels: true
            static_configs:
              - targets: [{{string.Join(", ", targets.Select(t => $"'{t.Authority}'"))}}]
        """;

    /// <summary>The classic way: a second Prometheus federating the site and evaluating the rules.</summary>
    public static string ClassicPrometheus(int sitePort, TimeSpan interval) => $$"""
        global:
          scrape_interval: {{Seconds(interval)}}
          scrape_timeout: {{Seconds(interval)}}
          evaluation_interval: {{Seconds(interval)}}
        rule_files: ['{{RulesFile}}']
        scrape_configs:
          - job_name: federate
            honor_labels: true
            metrics_path: /federate
            params:
              'match[]': ['{{EverythingSelector}}']
            static_configs:
              - targets: ['127.0.0.1:{{sitePort}}']
        """;

    /// <summary>Ours: one Node polling the site Prometheus and forwarding to a one-member global ring.</summary>
    public static string Topology(int aggregatorPort, int nodePort, int sitePort, TimeSpan interval) => $$"""
        # Written by bench/SideBySide for one run.
        aggregator {
          site-label = site
          lookback = 5m
          rings {
            global { shards = 256, replication-factor = 1, members = [{{AggregatorId}}] }
          }
          nodes {
            {{AggregatorId}} { role = aggregator, ring = global, url = "http://127.0.0.1:{{aggregatorPort}}", cluster-port = {{aggregatorPort + 1}} }
            {{NodeId}} {
              role = node
              parent = global
              url = "http://127.0.0.1:{{nodePort}}"
              rule-files = ["{{RulesFile}}"]
              sources = [
                {
                  name = {{SourceName}}
                  urls = ["http://127.0.0.1:{{sitePort}}"]
                  match = ["{{EverythingSelector.Replace("\"", "\\\"", StringComparison.Ordinal)}}"]
                  interval = {{Seconds(interval)}}
                  timeout = {{Seconds(interval)}}
                  jitter = 0s
                  honor-labels = true
                  body-size-limit = 1GiB
                }
              ]
            }
          }
        }
        """;

    private static string Seconds(TimeSpan interval) => ((int)interval.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";

    [GeneratedRegex(@"(\binterval:\s*)\d+[smh]")]
    private static partial Regex IntervalPattern();
}

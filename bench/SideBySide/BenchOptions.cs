using System.Globalization;

namespace Aggregator.Bench.SideBySide;

/// <summary>What one harness run measures: the site sizes, the interval, and how long it warms up and measures.</summary>
internal sealed record BenchOptions
{
    /// <summary>Total generated series per run (split over <see cref="Targets"/> scrape targets).</summary>
    public required IReadOnlyList<int> Series { get; init; }

    public bool Quick { get; init; }

    /// <summary>Aggregated series counts for the top's <c>/federate</c> side by side (<c>--top</c>); when set, only that runs.</summary>
    public IReadOnlyList<int> Top { get; init; } = [];

    /// <summary>Scrape, federation, poll and rule-evaluation interval (one value for every tier, as in production).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(15);

    public int Targets { get; init; } = 4;

    /// <summary>Intervals over which CPU, rule-evaluation time and freshness are measured.</summary>
    public int WindowIntervals { get; init; } = 4;

    /// <summary>
    /// Extra wait after the warm-up, before CPU is measured (<c>--settle SECONDS</c>): a fresh process spends its first
    /// minutes re-compiling hot methods at higher tiers, which a long-running one no longer pays.
    /// </summary>
    public TimeSpan Settle { get; init; } = TimeSpan.Zero;

    /// <summary>Fetches of each <c>/federate</c> measured (the median is reported).</summary>
    public int FederateRepeats { get; init; } = 3;

    /// <summary>Where results.md, results.json, bench.count and the child processes' logs go.</summary>
    public required string ResultsDirectory { get; init; }

    /// <summary>Extra environment of our Node and Aggregator only (e.g. GC settings to see how much of RSS is live).</summary>
    public IReadOnlyDictionary<string, string> OursEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>The checkout (holds Aggregator.sln, rules/, .tools/ and the built hosts).</summary>
    public required string RepoRoot { get; init; }

    /// <summary>
    /// A folder holding both hosts as <c>dotnet publish</c> writes them (ReadyToRun, what the Dockerfile ships;
    /// <c>--hosts</c>, which bench/run.sh passes); null runs the build output under src/*/bin (JIT only).
    /// </summary>
    public string? HostsDirectory { get; init; }

    /// <summary>Where a host's entry assembly is: the published folder, else the build output.</summary>
    public string HostDll(string project, string assembly) => HostsDirectory is { } hosts
        ? Path.Combine(hosts, assembly + ".dll")
        : Path.Combine(RepoRoot, "src", project, "bin", "Release", "net10.0", assembly + ".dll");

    /// <summary>One line for the report: which hosts ran.</summary>
    public string HostsDescription => HostsDirectory is { } hosts
        ? $"hosts published with ReadyToRun ({hosts})"
        : "hosts from the build output (src/*/bin/Release, JIT only)";

    public static string Usage =>
        "usage: Aggregator.Bench.SideBySide [--quick] [--series N,...] [--top N,...] [--interval SECONDS] [--window INTERVALS]\n" +
        "                                   [--settle SECONDS] [--repeats K] [--targets T] [--results DIR] [--repo DIR] [--hosts DIR] [--ours-env NAME=VALUE]...";

    /// <summary>Parses the command line; every problem is collected and reported at once.</summary>
    public static (BenchOptions? Options, IReadOnlyList<string> Errors) Parse(string[] args)
    {
        var errors = new List<string>();
        bool quick = args.Contains("--quick");
        var series = quick ? new List<int> { 10_000 } : [10_000, 32_000, 100_000, 500_000, 1_000_000];
        int interval = quick ? 5 : 15;
        int window = quick ? 3 : 4;
        int repeats = 3;
        int settle = 0;
        int targets = 4;
        string? results = null;
        var top = new List<int>();
        string? repo = null;
        string? hosts = null;
        var oursEnvironment = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg == "--quick")
            {
                continue;
            }
            if (i + 1 >= args.Length)
            {
                errors.Add($"argument {i + 1} '{arg}': unknown, or missing its value");
                continue;
            }
            string value = args[++i];
            switch (arg)
            {
                case "--series":
                    series = ParseSeries(value, i, errors);
                    break;
                case "--top":
                    top = ParseSeries(value, i, errors);
                    break;
                case "--interval":
                    interval = ParsePositive(value, arg, i, errors);
                    break;
                case "--window":
                    window = ParsePositive(value, arg, i, errors);
                    break;
                case "--settle":
                    settle = ParsePositive(value, arg, i, errors);
                    break;
                case "--repeats":
                    repeats = ParsePositive(value, arg, i, errors);
                    break;
                case "--targets":
                    targets = ParsePositive(value, arg, i, errors);
                    break;
                case "--results":
                    results = value;
                    break;
                case "--repo":
                    repo = value;
                    break;
                case "--hosts":
                    hosts = value;
                    break;
                case "--ours-env":
                    int equals = value.IndexOf('=');
                    if (equals <= 0)
                    {
                        errors.Add($"argument {i + 1} '--ours-env {value}': expected NAME=VALUE");
                        break;
                    }
                    oursEnvironment[value[..equals]] = value[(equals + 1)..];
                    break;
                default:
                    errors.Add($"argument {i} '{arg}': unknown option");
                    break;
            }
        }
        if (targets < 4)
        {
            errors.Add($"--targets {targets}: at least 4 scrape targets (the issue asks for >= 4 instances)");
        }
        repo ??= FindRepoRoot();
        if (repo is null)
        {
            errors.Add("--repo: Aggregator.sln not found above the working directory; pass --repo DIR");
        }
        if (hosts is not null && !File.Exists(Path.Combine(hosts, "Aggregator.Node.dll")))
        {
            errors.Add($"--hosts {hosts}: no Aggregator.Node.dll there (publish both hosts into it, as bench/run.sh does)");
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (new BenchOptions
        {
            Series = series,
            Top = top,
            Quick = quick,
            Interval = TimeSpan.FromSeconds(interval),
            WindowIntervals = window,
            Settle = TimeSpan.FromSeconds(settle),
            FederateRepeats = repeats,
            Targets = targets,
            OursEnvironment = oursEnvironment,
            RepoRoot = Path.GetFullPath(repo!),
            HostsDirectory = hosts is null ? null : Path.GetFullPath(hosts),
            ResultsDirectory = Path.GetFullPath(results ?? Path.Combine(repo!, "bench", "results")),
        }, errors);
    }

    private static List<int> ParseSeries(string value, int index, List<string> errors)
    {
        var list = new List<int>();
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string text = part.EndsWith('k') ? part[..^1] + "000" : part.EndsWith('M') ? part[..^1] + "000000" : part;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1000)
            {
                list.Add(n);
            }
            else
            {
                errors.Add($"argument {index + 1} '{value}': '{part}' is not a series count >= 1000 (e.g. 10000, 100k, 1M)");
            }
        }
        return list;
    }

    private static int ParsePositive(string value, string option, int index, List<string> errors)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0)
        {
            return n;
        }
        errors.Add($"argument {index + 1} '{option} {value}': not a positive integer");
        return 1;
    }

    private static string? FindRepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Aggregator.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        return null;
    }
}

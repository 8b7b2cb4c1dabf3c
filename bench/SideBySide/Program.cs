using System.Globalization;
using System.Text.Json;
using Aggregator.Bench.SideBySide;

// Note: entry point of bench/run.sh; see BenchOptions.Usage and BENCHMARKS.md "Side by side with Prometheus 2.42".
var (options, errors) = BenchOptions.Parse(args);
if (options is null)
{
    foreach (var error in errors)
    {
        Console.Error.WriteLine(error);
    }
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
Directory.CreateDirectory(options.ResultsDirectory);
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {MemTotalGiB():0.0} GiB; results in {options.ResultsDirectory}");
if (options.Top.Count > 0)
{
    // Note: --top runs only the top's /federate side by side (BENCHMARKS.md "Top /federate").
    var tops = new List<TopResult>();
    foreach (int series in options.Top)
    {
        tops.Add(await new TopRun(options, series, Console.Out).RunAsync());
    }
    var table = ReportWriter.TopMarkdown(tops, options);
    File.WriteAllText(Path.Combine(options.ResultsDirectory, "top.md"), table);
    Console.WriteLine();
    Console.WriteLine(table);
    return 0;
}
var results = new List<SiteResult>();
foreach (int series in options.Series)
{
    results.Add(await new SiteRun(options, series, Console.Out).RunAsync());
}

var markdown = ReportWriter.Markdown(results, options);
File.WriteAllText(Path.Combine(options.ResultsDirectory, "results.md"), markdown);
File.WriteAllText(Path.Combine(options.ResultsDirectory, "results.json"), JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine();
Console.WriteLine(markdown);

var checks = ReportWriter.Checks(results);
foreach (var (name, passed) in checks)
{
    Console.WriteLine($"{(passed ? "PASS" : "FAIL")} bench {name}");
}
int failed = checks.Count(c => !c.Passed);
// Note: scripts/test.sh adds "<passed> <failed>" from every *.count file to the CI total.
File.WriteAllText(Path.Combine(options.ResultsDirectory, "bench.count"), $"{checks.Count - failed} {failed}\n");
return failed == 0 ? 0 : 1;

static double MemTotalGiB()
{
    var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0 / 1024.0;
}

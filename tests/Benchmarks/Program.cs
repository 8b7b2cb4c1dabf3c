using BenchmarkDotNet.Running;

// Note: one switcher for every benchmark; pick with --filter, e.g. --filter '*Text*'.
// `promql-side-by-side` instead times the job-level rule group against a real Prometheus 2.42 (BENCHMARKS.md).
if (args.Length > 0 && args[0] == "promql-side-by-side")
{
    return await Aggregator.Benchmarks.PromQl.PrometheusSideBySide.RunAsync(args[1..]);
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

using Aggregator.Benchmarks.Exposition;
using BenchmarkDotNet.Running;

// Note: one switcher for every benchmark; pick with --filter, e.g. --filter '*Text*'.
// "exposition-profile" runs one exposition benchmark in a loop for callgrind/perf instead.
if (args is ["exposition-profile", .. var rest])
{
    ExpositionProfileDriver.Run(rest);
    return 0;
}
// "federate-profile" runs the Node's /federate handler in a loop (BENCHMARKS.md "Node /federate").
if (args is ["federate-profile", .. var federateArgs])
{
    await Aggregator.Benchmarks.Federation.FederateProfileDriver.RunAsync(federateArgs);
    return 0;
}
// "synthetic-sources" serves the harness's synthetic series as /federate sources for a real Node to poll.
if (args is ["synthetic-sources", .. var sourceArgs])
{
    await Aggregator.Benchmarks.Federation.SyntheticSourcesDriver.RunAsync(sourceArgs);
    return 0;
}
// "poll-profile" polls an in-process synthetic Prometheus into a store (instructions per poll, bytes per series).
if (args is ["poll-profile", .. var pollArgs])
{
    await Aggregator.Benchmarks.Scraping.PollProfileDriver.RunAsync(pollArgs);
    return 0;
}
// "promql-side-by-side" times the job-level rule group against a real Prometheus 2.42 (BENCHMARKS.md).
if (args is ["promql-side-by-side", .. var options])
{
    return await Aggregator.Benchmarks.PromQl.PrometheusSideBySide.RunAsync(options);
}
// "ring-capacity" measures what one ring member holds and takes (BENCHMARKS.md, "Ring capacity").
if (args is ["ring-capacity", .. var capacity])
{
    return await Aggregator.Benchmarks.Cluster.RingCapacity.RunAsync(capacity);
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

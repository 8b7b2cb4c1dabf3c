using Aggregator.Benchmarks.Exposition;
using BenchmarkDotNet.Running;

// Note: one switcher for every benchmark; pick with --filter, e.g. --filter '*Text*'.
// "exposition-profile" runs one exposition benchmark in a loop for callgrind/perf instead.
if (args is ["exposition-profile", .. var rest])
{
    ExpositionProfileDriver.Run(rest);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

using BenchmarkDotNet.Running;

// Note: one switcher for every benchmark; pick with --filter, e.g. --filter '*Text*'.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

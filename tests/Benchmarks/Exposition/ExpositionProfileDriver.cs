using System.Diagnostics;
using System.Globalization;

namespace Aggregator.Benchmarks.Exposition;

/// <summary>
/// Runs one exposition benchmark in a plain loop, for profilers that count instructions
/// (<c>valgrind --tool=callgrind</c>) or sample (<c>perf</c>): BenchmarkDotNet's timings are not
/// stable on a shared machine, instruction counts are.
/// Usage: <c>Aggregator.Benchmarks exposition-profile TextParse|ProtobufParse|TextWrite|TextWriteLabels INPUT ITERATIONS</c>.
/// </summary>
internal static class ExpositionProfileDriver
{
    public static void Run(string[] args)
    {
        var bench = new ExpositionBenchmarks { Input = args.Length > 1 ? args[1] : "generated-100k" };
        bench.Setup();
        int iterations = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
        Func<long> op = (args.Length > 0 ? args[0] : "TextParse") switch
        {
            "ProtobufParse" => bench.ProtobufParse,
            "TextWrite" => bench.TextWrite,
            "TextWriteLabels" => bench.TextWriteLabels,
            _ => bench.TextParse,
        };
        // Note: collect the setup's garbage now, so that no collection of it lands inside the loop
        // (instruction counts are compared between runs with different iteration counts).
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var watch = Stopwatch.StartNew();
        long total = 0;
        for (int i = 0; i < iterations; i++)
        {
            total += op();
        }
        watch.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{iterations} iterations, {watch.Elapsed.TotalMilliseconds / iterations:F3} ms each (result {total})"));
    }
}

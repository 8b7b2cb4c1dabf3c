namespace Aggregator.Shared.Cli;

/// <summary>Where commands write; tests pass string writers, hosts pass the process's streams.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error, Func<Stream> OpenStdin)
{
    public static CliConsole System { get; } = new(Console.Out, Console.Error, Console.OpenStandardInput);
}

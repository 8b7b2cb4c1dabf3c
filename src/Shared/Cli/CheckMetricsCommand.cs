using System.CommandLine;
using Aggregator.Shared.Exposition;

namespace Aggregator.Shared.Cli;

/// <summary>
/// `metrics`: lint an exposition body (text 0.0.4, OpenMetrics 1.0 or delimited protobuf) from a
/// file or stdin. Exit 0 when valid; exit 1 with every problem as <c>[FILE:]line:col: reason</c>
/// on stderr. For protobuf, "line" is the message number and "col" the byte offset.
/// Like promtool, text and protobuf are also linted (help text, <c>_total</c>, units...);
/// OpenMetrics is checked against its specification only unless <c>--lint all</c> is given.
/// </summary>
internal static class CheckMetricsCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("metrics", "Lint exposition text, OpenMetrics or protobuf (exit 0 when valid, 1 with every problem).");
        var format = new Option<string>("--format")
        {
            Description = "Body format: text (0.0.4), openmetrics (1.0) or protobuf (delimited MetricFamily).",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "openmetrics", "protobuf");
        var lint = new Option<string?>("--lint")
        {
            Description = "Consistency lints like promtool's: all (default for text and protobuf) or none (default for openmetrics).",
        };
        lint.AcceptOnlyFromAmong("all", "none");
        var file = new Argument<string>("FILE")
        {
            Description = "The file to check, or - for stdin.",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "-",
        };
        command.Options.Add(format);
        command.Options.Add(lint);
        command.Arguments.Add(file);
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(file) ?? "-", ParseFormat(parse.GetValue(format)), parse.GetValue(lint), console, ct));
        return command;
    }

    /// <summary>Checks one body; returns the exit code.</summary>
    public static async Task<int> RunAsync(string path, ExpositionFormat format, string? lint, CliConsole console, CancellationToken cancellationToken = default)
    {
        bool doLint = lint is null ? format != ExpositionFormat.OpenMetrics : lint == "all";
        var options = ExpositionReadOptions.Validate with { Lint = doLint };
        Stream input;
        try
        {
            input = path == "-" ? console.OpenStdin() : File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync($"{path}: cannot read: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        ExpositionReadResult result;
        await using (input.ConfigureAwait(false))
        {
            result = await ExpositionReader.ReadAsync(input, format, NullSink.Instance, options: options, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        if (result.Succeeded)
        {
            return 0;
        }
        var prefix = path == "-" ? string.Empty : path + ":";
        foreach (var error in result.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column))
        {
            await console.Error.WriteLineAsync($"{prefix}{error}").ConfigureAwait(false);
        }
        return 1;
    }

    private static ExpositionFormat ParseFormat(string? value) => value switch
    {
        "openmetrics" => ExpositionFormat.OpenMetrics,
        "protobuf" => ExpositionFormat.ProtobufDelimited,
        _ => ExpositionFormat.Text,
    };

    private sealed class NullSink : IExpositionSink
    {
        public static readonly NullSink Instance = new();

        public void OnSample(in ExposedSample sample)
        {
        }
    }
}

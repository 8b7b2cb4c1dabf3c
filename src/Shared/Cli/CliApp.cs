using System.CommandLine;
using System.Runtime.CompilerServices;
using Aggregator.Shared.Reload;

namespace Aggregator.Shared.Cli;

/// <summary>
/// The command line shared by both executables. Each subcommand lives in its own file and is
/// composed here, so that a host's Program.cs is one line.
/// </summary>
public static class CliApp
{
    /// <summary>
    /// The entry point of a real process: takes SIGINT back if the parent set it to "ignore" (before Console is
    /// first touched, see <see cref="IgnoredSignal"/>), then runs the command on the process's console.
    /// </summary>
    public static Task<int> RunProcessAsync(string[] args, HostRole role)
    {
        IgnoredSignal.TakeBack(IgnoredSignal.SigInt);
        return RunOnSystemConsole(args, role);
    }

    // Note: a method of its own, so an optimizing JIT cannot run CliConsole's static initializer (which touches
    // Console) while compiling RunProcessAsync, i.e. before the signal is taken back.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<int> RunOnSystemConsole(string[] args, HostRole role) => RunAsync(args, role, CliConsole.System);

    /// <summary>Parses <paramref name="args"/> and runs the chosen command on <paramref name="console"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, HostRole role, CliConsole console, CancellationToken cancellationToken = default)
    {
        var root = BuildRoot(role, console);
        var parse = root.Parse(args);
        // Note: Ctrl-C and SIGTERM cancel the command's token; a whole demo tree needs more than the default 2 s to stop in order.
        var config = new InvocationConfiguration { Output = console.Out, Error = console.Error, ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
        return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
    }

    internal static RootCommand BuildRoot(HostRole role, CliConsole console)
    {
        var description = role == HostRole.Node
            ? "Aggregator Node: polls a site's Prometheus servers, applies recording rules, forwards up the tree."
            : "Aggregator: a member of a shard ring serving the merged global /federate view.";
        var root = new RootCommand(description);
        RunCommand.Configure(root, role, console);

        var check = new Command("check", "Validate configuration or exposition without running anything.");
        check.Subcommands.Add(CheckConfigCommand.Create(console));
        check.Subcommands.Add(CheckMetricsCommand.Create(console));
        root.Subcommands.Add(check);

        var test = new Command("test", "Run unit tests.");
        test.Subcommands.Add(TestRulesCommand.Create(console));
        root.Subcommands.Add(test);

        if (role == HostRole.Aggregator)
        {
            root.Subcommands.Add(DemoCommand.Create(console));
        }
        return root;
    }
}

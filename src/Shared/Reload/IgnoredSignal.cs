using System.Globalization;
using System.Runtime.InteropServices;

namespace Aggregator.Shared.Reload;

/// <summary>
/// Takes back a signal the parent process set to "ignore": nohup does this for SIGHUP, a non-interactive
/// shell for SIGINT of a command started with <c>&amp;</c>, and some supervisors and CI runners likewise.
/// The .NET runtime never installs a handler for an ignored signal, so a handler registered for it would
/// silently never run; Prometheus (Go's signal.Notify) takes such a signal back, and so do we, so
/// <c>kill -HUP</c> reloads and <c>kill -INT</c> stops however the process was started.
/// </summary>
internal static partial class IgnoredSignal
{
    public const int SigHup = 1;
    public const int SigInt = 2;
    private static readonly nint SigDfl = 0;

    /// <summary>Whether <paramref name="signal"/> is ignored in this process, read from <c>/proc/self/status</c> (Linux).</summary>
    public static bool IsIgnored(int signal, string statusFile = "/proc/self/status")
    {
        if (!File.Exists(statusFile))
        {
            return false;
        }
        foreach (var line in File.ReadLines(statusFile))
        {
            if (line.StartsWith("SigIgn:", StringComparison.Ordinal)
                && ulong.TryParse(line.AsSpan("SigIgn:".Length).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong mask))
            {
                return (mask & (1UL << (signal - 1))) != 0;
            }
        }
        return false;
    }

    /// <summary>
    /// Sets <paramref name="signal"/> back to its default disposition when it is ignored; true when it was. Must run
    /// before the runtime first looks at the signal: it reads SIGINT's disposition once, when Console or Process is
    /// first used.
    /// </summary>
    public static bool TakeBack(int signal)
    {
        if (!OperatingSystem.IsLinux() || !IsIgnored(signal))
        {
            return false;
        }
        // Note: only reached when the disposition is SIG_IGN, so no handler of anyone else is replaced. Between this
        // call and the runtime's own sigaction the signal would end the process, as it would have without the ignore.
        Signal(signal, SigDfl);
        return true;
    }

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint Signal(int signal, nint handler);
}

using System.Globalization;
using System.Runtime.InteropServices;

namespace Aggregator.Shared.Reload;

/// <summary>
/// Takes back a signal the parent process set to "ignore" (nohup, some supervisors and CI runners do this
/// for SIGHUP). The .NET runtime never installs a handler for an ignored signal, so a
/// <see cref="PosixSignalRegistration"/> for it would silently never run; Prometheus (Go's signal.Notify)
/// takes such a signal back, and so do we, so <c>kill -HUP</c> reloads however the process was started.
/// </summary>
internal static partial class IgnoredSignal
{
    private const int SigHup = 1;
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

    /// <summary>Sets SIGHUP back to its default disposition when it is ignored; true when it was.</summary>
    public static bool TakeBackSigHup()
    {
        if (!OperatingSystem.IsLinux() || !IsIgnored(SigHup))
        {
            return false;
        }
        // Note: only reached when the disposition is SIG_IGN, so no handler of anyone else is replaced. Between this
        // call and the runtime's own sigaction a SIGHUP would end the process, as it would have without nohup.
        Signal(SigHup, SigDfl);
        return true;
    }

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint Signal(int signal, nint handler);
}

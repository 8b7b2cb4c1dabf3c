namespace Aggregator.Browser.Tests;

/// <summary>
/// Where Debian's <c>chromium-headless-shell</c> is (scripts/install-tools.sh installs it), or why it
/// cannot be used. <c>$CHROMIUM_HEADLESS_SHELL</c> names another binary.
/// </summary>
internal static class HeadlessChromium
{
    /// <summary>The flags every launch gets: the machine's network is closed, so nothing may call out.</summary>
    public static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private static readonly string[] Candidates =
    [
        // Note: the package's /usr/bin entry is a shell wrapper that does not exec; the real binary stops cleanly with the test.
        "/usr/lib/chromium/chromium-headless-shell",
        "/usr/bin/chromium-headless-shell",
    ];

    public static string? Path { get; } = Find();

    public static string? MissingReason => Path is null
        ? "chromium-headless-shell is not installed (run scripts/install-tools.sh as root, or set CHROMIUM_HEADLESS_SHELL)"
        : null;

    private static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable("CHROMIUM_HEADLESS_SHELL");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : null;
        }
        return Candidates.FirstOrDefault(File.Exists);
    }
}

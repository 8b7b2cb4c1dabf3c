using System.Text.RegularExpressions;

namespace Aggregator.Shared.Http;

/// <summary>
/// The one place passwords leave URLs before anything is shown: <c>http://user:secret@host</c> becomes
/// <c>http://user:xxxxx@host</c>, as Go's <c>url.URL.Redacted</c> (and so Prometheus) writes it. Works on
/// a bare URL and on any text that contains URLs (an error message, a log line).
/// </summary>
public static partial class UrlRedaction
{
    /// <summary>What a password is replaced with.</summary>
    public const string Mask = "xxxxx";

    /// <summary>The text with the password of every <c>scheme://user:password@</c> in it masked.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Contains('@', StringComparison.Ordinal))
        {
            return text ?? string.Empty;
        }
        return UserInfo().Replace(text, "${prefix}:" + Mask + "@");
    }

    /// <summary>The URL as text with its password masked.</summary>
    public static string Redact(Uri? url) => url is null ? string.Empty : Redact(url.ToString());

    // Note: user names cannot hold ':' '/' '@' or spaces unescaped; the password runs to the last '@' before the host.
    [GeneratedRegex(@"(?<prefix>[A-Za-z][A-Za-z0-9+.\-]*://[^/\s:@]*):[^/\s]*@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();
}

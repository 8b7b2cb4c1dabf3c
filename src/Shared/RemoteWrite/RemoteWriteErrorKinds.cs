using System.Text;

namespace Aggregator.Shared.RemoteWrite;

/// <summary>What each <see cref="RemoteWriteErrorKind"/> is answered with and counted as.</summary>
public static class RemoteWriteErrorKinds
{
    private static readonly string[] Reasons = [.. Enum.GetValues<RemoteWriteErrorKind>().Select(SnakeCase)];

    /// <summary>The <c>reason</c> label value, e.g. <c>label_value_too_long</c>.</summary>
    public static string Reason(this RemoteWriteErrorKind kind) => Reasons[(int)kind];

    /// <summary>
    /// The HTTP status: 429 for a site over its series limit (the sender may retry later), 403 for a
    /// site writing another site's series, 408 for a body not received in time, 400 otherwise.
    /// Note: every status is a 4xx, so senders do not retry a request that can never succeed, except 429.
    /// </summary>
    public static int StatusCode(this RemoteWriteErrorKind kind) => kind switch
    {
        RemoteWriteErrorKind.SeriesPerSite => 429,
        RemoteWriteErrorKind.ForeignSite => 403,
        RemoteWriteErrorKind.BodyReadTimeout => 408,
        _ => 400,
    };

    private static string SnakeCase(RemoteWriteErrorKind kind)
    {
        var name = kind.ToString();
        var sb = new StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && !char.IsDigit(name[i - 1]))
            {
                sb.Append('_');
            }
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }
}

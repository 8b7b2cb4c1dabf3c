using System.Globalization;
using System.Text;

namespace Aggregator.Shared.RemoteWrite;

/// <summary>
/// A rejected request: what was wrong and where — the series index and label name when the problem
/// is in one series (and the series itself, shortened, when known), the byte offset in the decoded
/// protobuf when the encoding itself is broken.
/// </summary>
public sealed record RemoteWriteError(RemoteWriteErrorKind Kind, string Message, int? SeriesIndex = null, string? LabelName = null, long? Offset = null, string? Series = null)
{
    /// <summary>One line for the 400 body and the log, e.g. <c>series 3, label "1x": invalid label name</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (SeriesIndex is int s)
        {
            sb.Append(CultureInfo.InvariantCulture, $"series {s}");
        }
        if (Series is not null)
        {
            sb.Append(sb.Length > 0 ? " " : string.Empty).Append(Series);
        }
        if (LabelName is not null)
        {
            sb.Append(sb.Length > 0 ? ", " : string.Empty).Append("label \"").Append(LabelName).Append('"');
        }
        if (Offset is long o)
        {
            sb.Append(sb.Length > 0 ? ", " : string.Empty).Append(CultureInfo.InvariantCulture, $"byte {o}");
        }
        return (sb.Length > 0 ? sb.Append(": ") : sb).Append(Message).ToString();
    }
}

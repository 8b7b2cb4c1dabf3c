using System.Text;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.RemoteWrite;

/// <summary>
/// Names an offending series in a 4xx body and a log line: Prometheus's <c>{a="1", b="2"}</c>
/// rendering with every long name or value shortened, so that a hostile 1 MiB value is not echoed.
/// </summary>
public static class RemoteWriteSeriesText
{
    /// <summary>Bytes of a name or value shown before it is cut.</summary>
    public const int ShownBytes = 64;

    /// <summary>A decoded series' labels, shortened.</summary>
    public static string Of(LabelSet labels) => Of(labels.AsSpan().ToArray());

    /// <summary>The series' labels as read so far (possibly unsorted), shortened.</summary>
    public static string Of(IEnumerable<Label> labels)
    {
        var sb = new StringBuilder("{");
        foreach (var label in labels)
        {
            if (sb.Length > 1)
            {
                sb.Append(", ");
            }
            sb.Append(Cut(label.Name)).Append("=\"");
            foreach (char c in Cut(label.Value))
            {
                _ = c switch
                {
                    '\\' => sb.Append("\\\\"),
                    '"' => sb.Append("\\\""),
                    '\n' => sb.Append("\\n"),
                    _ => sb.Append(c),
                };
            }
            sb.Append('"');
        }
        return sb.Append('}').ToString();
    }

    /// <summary>The first <see cref="ShownBytes"/> bytes of an over-long UTF-8 string and its full length.</summary>
    public static string Shorten(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length <= ShownBytes)
        {
            return Encoding.UTF8.GetString(utf8);
        }
        int cut = ShownBytes;
        // Note: never cut inside a multi-byte character (continuation bytes are 10xxxxxx).
        while (cut > 0 && (utf8[cut] & 0xC0) == 0x80)
        {
            cut--;
        }
        return Encoding.UTF8.GetString(utf8[..cut]) + $"…({utf8.Length} bytes)";
    }

    /// <summary>Note: the slack lets an already shortened text (its prefix and length note) through unchanged.</summary>
    private static string Cut(string text) =>
        text.Length <= ShownBytes + 32 && Encoding.UTF8.GetByteCount(text) <= ShownBytes + 32
            ? text
            : Shorten(Encoding.UTF8.GetBytes(text));
}

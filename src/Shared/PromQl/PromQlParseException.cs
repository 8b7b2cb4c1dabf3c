using System.Text;

namespace Aggregator.Shared.PromQl;

/// <summary>
/// A parse or type-check error, rendered exactly as Prometheus renders it:
/// <c>line:col: parse error: message</c>, with a 1-based line and a 1-based byte column.
/// </summary>
public sealed class PromQlParseException : Exception
{
    public PromQlParseException(string query, int position, string reason, int lineOffset = 0)
        : base(Render(query, position, reason, lineOffset))
    {
        Query = query;
        Position = position;
        Reason = reason;
    }

    /// <summary>The text that failed.</summary>
    public string Query { get; }

    /// <summary>Char index of the error inside <see cref="Query"/>.</summary>
    public int Position { get; }

    /// <summary>The message without the position prefix.</summary>
    public string Reason { get; }

    /// <summary>(line, column) as Prometheus computes them: the column counts UTF-8 bytes.</summary>
    public static (int Line, int Column) LineColumn(string query, int position)
    {
        int line = 1;
        int lineStart = 0;
        position = Math.Clamp(position, 0, query.Length);
        for (int i = 0; i < position; i++)
        {
            if (query[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        int column = Encoding.UTF8.GetByteCount(query.AsSpan(lineStart, position - lineStart)) + 1;
        return (line, column);
    }

    private static string Render(string query, int position, string reason, int lineOffset)
    {
        var (line, column) = LineColumn(query, position);
        return $"{line + lineOffset}:{column}: parse error: {reason}";
    }
}

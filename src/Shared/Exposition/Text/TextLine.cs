namespace Aggregator.Shared.Exposition.Text;

/// <summary>What kind of line <see cref="TextLineParser"/> found.</summary>
internal enum TextLineKind
{
    Blank,
    Comment,
    Help,
    Type,
    Unit,
    Eof,
    Sample,
}

/// <summary>One parsed line; spans point into the line, labels into the parser's <see cref="LabelScratch"/>.</summary>
internal ref struct TextLine
{
    public TextLineKind Kind;

    /// <summary>Metric name of a sample, or the family name of a metadata line.</summary>
    public ReadOnlySpan<byte> Name;

    /// <summary>HELP text (escaped), TYPE word or UNIT.</summary>
    public ReadOnlySpan<byte> Text;

    /// <summary>The series as spelled: name and label block, used as the series-cache key.</summary>
    public ReadOnlySpan<byte> SeriesKey;

    public double Value;

    public long TimestampMs;

    public bool HasTimestamp;

    public bool HasExemplar;

    public int ExemplarOffset;
}

/// <summary>Where a line failed and why (offset is 0-based within the line).</summary>
internal readonly record struct TextSyntaxError(int Offset, string Message);

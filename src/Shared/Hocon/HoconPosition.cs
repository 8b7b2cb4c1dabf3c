namespace Aggregator.Shared.Hocon;

/// <summary>Where a token or value was written: file, 1-based line and 1-based column.</summary>
internal readonly record struct HoconPosition(string File, int Line, int Column)
{
    /// <summary>Positions of values built in code rather than read from a file.</summary>
    public static HoconPosition None { get; } = new("(code)", 0, 0);

    public override string ToString() => $"{File}:{Line}:{Column}";
}

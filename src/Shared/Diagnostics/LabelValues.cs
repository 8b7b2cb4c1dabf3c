namespace Aggregator.Shared.Diagnostics;

/// <summary>Label values as a dictionary key, compared element by element.</summary>
internal readonly struct LabelValues(string[] values) : IEquatable<LabelValues>, IComparable<LabelValues>
{
    public string[] Values { get; } = values;

    public bool Equals(LabelValues other) => Values.AsSpan().SequenceEqual(other.Values);

    public override bool Equals(object? obj) => obj is LabelValues other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in Values)
        {
            hash.Add(value, StringComparer.Ordinal);
        }
        return hash.ToHashCode();
    }

    public int CompareTo(LabelValues other)
    {
        for (int i = 0; i < Math.Min(Values.Length, other.Values.Length); i++)
        {
            int c = string.CompareOrdinal(Values[i], other.Values[i]);
            if (c != 0)
            {
                return c;
            }
        }
        return Values.Length.CompareTo(other.Values.Length);
    }
}

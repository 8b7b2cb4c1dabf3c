namespace Aggregator.Shared.Hocon;

/// <summary>A HOCON file could not be read; the message starts with file:line:col.</summary>
internal sealed class HoconException : Exception
{
    public HoconException(HoconPosition position, string problem)
        : base($"{position}: {problem}")
    {
        Position = position;
        Problem = problem;
    }

    /// <summary>Where the problem is.</summary>
    public HoconPosition Position { get; }

    /// <summary>The message without the position prefix.</summary>
    public string Problem { get; }
}

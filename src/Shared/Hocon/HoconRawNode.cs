namespace Aggregator.Shared.Hocon;

/// <summary>
/// A parsed but unresolved value: the parser builds these, <see cref="HoconResolver"/> turns
/// them into <see cref="HoconValue"/>s once every file is merged (substitutions resolve last).
/// </summary>
internal abstract class HoconRawNode(HoconPosition position)
{
    /// <summary>Where the value was written; for merged objects, where it was last written.</summary>
    public HoconPosition Position { get; protected internal set; } = position;
}

/// <summary>A string, number, boolean or null literal, or whitespace inside a concatenation.</summary>
internal sealed class HoconRawScalar(HoconPosition position, HoconValueKind kind, string text, bool isWhitespace = false)
    : HoconRawNode(position)
{
    public HoconValueKind Kind { get; } = kind;

    public string Text { get; } = text;

    public bool IsWhitespace { get; } = isWhitespace;
}

/// <summary>An array literal.</summary>
internal sealed class HoconRawArray(HoconPosition position, List<HoconRawNode> items) : HoconRawNode(position)
{
    public List<HoconRawNode> Items { get; } = items;
}

/// <summary>Several values on one line: a string, array or object concatenation.</summary>
internal sealed class HoconRawConcat(HoconPosition position, List<HoconRawNode> parts) : HoconRawNode(position)
{
    public List<HoconRawNode> Parts { get; } = parts;
}

/// <summary>
/// <c>${path}</c> or <c>${?path}</c>. <see cref="Path"/> is absolute (prefixed by the include
/// point); <see cref="WrittenPath"/> is as written, used for the environment fallback;
/// <see cref="DefinedAt"/> is the field it appears in, which tells a self-reference from a cycle.
/// </summary>
internal sealed class HoconRawSubstitution(HoconPosition position, string[] path, string[] writtenPath, string[] definedAt, bool optional, bool consultEnvironment = true)
    : HoconRawNode(position)
{
    /// <summary>False for the implicit self-reference of <c>+=</c>, which must never read the environment.</summary>
    public bool ConsultEnvironment { get; } = consultEnvironment;

    public string[] Path { get; } = path;

    public string[] WrittenPath { get; } = writtenPath;

    public string[] DefinedAt { get; } = definedAt;

    public bool Optional { get; } = optional;

    public string Display => (Optional ? "${?" : "${") + HoconPath.Render(WrittenPath) + "}";
}

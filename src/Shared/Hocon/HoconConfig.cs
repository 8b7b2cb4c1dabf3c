using System.Globalization;

namespace Aggregator.Shared.Hocon;

/// <summary>
/// Typed reads over a resolved object (HOCON.md "Automatic type conversions"). Paths are path
/// expressions relative to this config. Every failure is a <see cref="HoconException"/> naming
/// file:line:col, the path and what was expected.
/// </summary>
internal sealed class HoconConfig(HoconObject root, string[]? path = null)
{
    private readonly string[] _path = path ?? [];

    public HoconObject Root { get; } = root;

    public bool HasPath(string path) => Root.Find(HoconPath.Parse(path)) is { Kind: not HoconValueKind.Null };

    public HoconValue GetValue(string path)
    {
        var elements = HoconPath.Parse(path);
        return Root.Find(elements) ?? throw new HoconException(Root.Position, $"missing required key '{Full(elements)}'");
    }

    public string GetString(string path) => AsString(GetValue(path), Full(path));

    public int GetInt(string path)
    {
        long value = GetLong(path);
        return value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw new HoconException(GetValue(path).Position, $"'{Full(path)}': expected a 32-bit integer, got {value}");
    }

    public long GetLong(string path) => AsLong(GetValue(path), Full(path));

    public double GetDouble(string path) => AsDouble(GetValue(path), Full(path));

    public bool GetBool(string path) => AsBool(GetValue(path), Full(path));

    public TimeSpan GetDuration(string path) => AsDuration(GetValue(path), Full(path));

    public long GetSize(string path) => AsSize(GetValue(path), Full(path));

    public HoconArray GetList(string path) => AsArray(GetValue(path), Full(path));

    public IReadOnlyList<string> GetStringList(string path)
    {
        var full = Full(path);
        return [.. GetList(path).Select((item, i) => AsString(item, $"{full}[{i}]"))];
    }

    public HoconObject GetObject(string path) => AsObject(GetValue(path), Full(path));

    /// <summary>The sub-tree at <paramref name="path"/> as a config whose paths are relative to it.</summary>
    public HoconConfig GetConfig(string path) => new(GetObject(path), [.. _path, .. HoconPath.Parse(path)]);

    /// <summary>This config over <paramref name="fallback"/>.</summary>
    public HoconConfig WithFallback(HoconConfig fallback) => new(Root.WithFallback(fallback.Root), _path);

    public static string AsString(HoconValue value, string path) => value switch
    {
        HoconScalar { Kind: not HoconValueKind.Null } s => s.Text,
        _ => throw WrongType(value, path, "a string"),
    };

    public static long AsLong(HoconValue value, string path)
    {
        if (value is HoconScalar { Kind: HoconValueKind.Number or HoconValueKind.String } s)
        {
            if (long.TryParse(s.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
            {
                return whole;
            }
            if (double.TryParse(s.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
                && real == Math.Floor(real) && Math.Abs(real) < 9.2e18)
            {
                return (long)real;
            }
        }
        throw WrongType(value, path, "a whole number");
    }

    public static double AsDouble(HoconValue value, string path) =>
        value is HoconScalar { Kind: HoconValueKind.Number or HoconValueKind.String } s
            && double.TryParse(s.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
            ? real
            : throw WrongType(value, path, "a number");

    public static bool AsBool(HoconValue value, string path) => value is HoconScalar { Kind: HoconValueKind.Boolean or HoconValueKind.String } s
        ? s.Text switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw WrongType(value, path, "a boolean (true/false, yes/no, on/off)"),
        }
        : throw WrongType(value, path, "a boolean (true/false, yes/no, on/off)");

    public static TimeSpan AsDuration(HoconValue value, string path)
    {
        if (value is HoconScalar { Kind: HoconValueKind.Number or HoconValueKind.String } s)
        {
            if (HoconUnits.TryParseDuration(s.Text, out var duration, out var error))
            {
                return duration;
            }
            throw new HoconException(value.Position, $"'{path}': expected a duration such as 15s, 500ms or 5m: {error}");
        }
        throw WrongType(value, path, "a duration such as 15s, 500ms or 5m");
    }

    public static long AsSize(HoconValue value, string path)
    {
        if (value is HoconScalar { Kind: HoconValueKind.Number or HoconValueKind.String } s)
        {
            if (HoconUnits.TryParseSize(s.Text, out var bytes, out var error))
            {
                return bytes;
            }
            throw new HoconException(value.Position, $"'{path}': expected a size such as 64MiB or 512kB: {error}");
        }
        throw WrongType(value, path, "a size such as 64MiB or 512kB");
    }

    public static HoconArray AsArray(HoconValue value, string path) =>
        value as HoconArray ?? throw WrongType(value, path, "an array [ ... ]");

    public static HoconObject AsObject(HoconValue value, string path) =>
        value as HoconObject ?? throw WrongType(value, path, "an object { ... }");

    private static HoconException WrongType(HoconValue value, string path, string expected) =>
        new(value.Position, $"'{path}': expected {expected}, got {value.Describe()}");

    private string Full(string path) => Full(HoconPath.Parse(path));

    private string Full(string[] elements) => HoconPath.Render([.. _path, .. elements]);
}

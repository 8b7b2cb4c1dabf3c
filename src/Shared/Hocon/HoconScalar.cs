using System.Globalization;

namespace Aggregator.Shared.Hocon;

/// <summary>A string, number, boolean or null. Numbers keep their original spelling.</summary>
internal sealed class HoconScalar : HoconValue
{
    public HoconScalar(HoconPosition position, HoconValueKind kind, string text)
        : base(position)
    {
        if (kind is HoconValueKind.Object or HoconValueKind.Array)
        {
            throw new ArgumentOutOfRangeException(nameof(kind));
        }
        Kind = kind;
        Text = text;
    }

    public override HoconValueKind Kind { get; }

    /// <summary>The string value, the number as written, "true"/"false", or "null".</summary>
    public string Text { get; }

    public static HoconScalar String(string text, HoconPosition? position = null) =>
        new(position ?? HoconPosition.None, HoconValueKind.String, text);

    public static HoconScalar Number(double value, HoconPosition? position = null) =>
        new(position ?? HoconPosition.None, HoconValueKind.Number, value.ToString("R", CultureInfo.InvariantCulture));

    public static HoconScalar Number(long value, HoconPosition? position = null) =>
        new(position ?? HoconPosition.None, HoconValueKind.Number, value.ToString(CultureInfo.InvariantCulture));

    public static HoconScalar Boolean(bool value, HoconPosition? position = null) =>
        new(position ?? HoconPosition.None, HoconValueKind.Boolean, value ? "true" : "false");

    public static HoconScalar Null(HoconPosition? position = null) =>
        new(position ?? HoconPosition.None, HoconValueKind.Null, "null");

    public override string Describe() => Kind switch
    {
        HoconValueKind.String => $"string \"{Text}\"",
        HoconValueKind.Number => $"number {Text}",
        HoconValueKind.Boolean => $"boolean {Text}",
        _ => "null",
    };
}

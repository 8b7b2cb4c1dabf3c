namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>Element-wise math functions (Go's math package semantics for NaN and infinities).</summary>
internal static class MathFunctions
{
    private static readonly Dictionary<string, Func<double, double>> Table = new(StringComparer.Ordinal)
    {
        ["abs"] = Math.Abs,
        ["ceil"] = Math.Ceiling,
        ["floor"] = Math.Floor,
        ["exp"] = Math.Exp,
        ["sqrt"] = Math.Sqrt,
        ["ln"] = Math.Log,
        ["log2"] = Math.Log2,
        ["log10"] = Math.Log10,
        ["sin"] = Math.Sin,
        ["cos"] = Math.Cos,
        ["tan"] = Math.Tan,
        ["asin"] = Math.Asin,
        ["acos"] = Math.Acos,
        ["atan"] = Math.Atan,
        ["sinh"] = Math.Sinh,
        ["cosh"] = Math.Cosh,
        ["tanh"] = Math.Tanh,
        ["asinh"] = Math.Asinh,
        ["acosh"] = Math.Acosh,
        ["atanh"] = Math.Atanh,
        ["deg"] = v => v * 180 / Math.PI,
        ["rad"] = v => v * Math.PI / 180,
        ["sgn"] = v => v < 0 ? -1 : v > 0 ? 1 : v,
    };

    public static bool TryGet(string name, out Func<double, double> function) => Table.TryGetValue(name, out function!);
}

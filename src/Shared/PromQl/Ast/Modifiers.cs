using System.Globalization;
using System.Text;

namespace Aggregator.Shared.PromQl.Ast;

/// <summary>Renders <c>offset</c> and <c>@</c> modifiers and durations as Prometheus prints them.</summary>
internal static class Modifiers
{
    public static void Append(StringBuilder sb, long offsetMs, AtModifier at, long atMs)
    {
        if (offsetMs > 0)
        {
            sb.Append(" offset ").Append(Duration(offsetMs));
        }
        else if (offsetMs < 0)
        {
            sb.Append(" offset -").Append(Duration(-offsetMs));
        }
        switch (at)
        {
            case AtModifier.Timestamp:
                sb.Append(" @ ").Append((atMs / 1000.0).ToString("0.000", CultureInfo.InvariantCulture));
                break;
            case AtModifier.Start:
                sb.Append(" @ start()");
                break;
            case AtModifier.End:
                sb.Append(" @ end()");
                break;
        }
    }

    /// <summary>Prometheus's model.Duration rendering: <c>1h30m</c>, <c>5m</c>, <c>0s</c>.</summary>
    public static string Duration(long ms)
    {
        if (ms == 0)
        {
            return "0s";
        }
        var sb = new StringBuilder();
        (long Unit, string Name)[] units =
        [
            (365L * 24 * 3600 * 1000, "y"), (7L * 24 * 3600 * 1000, "w"), (24L * 3600 * 1000, "d"),
            (3600L * 1000, "h"), (60L * 1000, "m"), (1000L, "s"), (1L, "ms"),
        ];
        foreach (var (unit, name) in units)
        {
            if (ms >= unit)
            {
                sb.Append(ms / unit).Append(name);
                ms %= unit;
            }
        }
        return sb.ToString();
    }
}

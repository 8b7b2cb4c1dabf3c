namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>Calendar functions over Unix seconds, in UTC.</summary>
internal static class DateFunctions
{
    private static readonly Dictionary<string, Func<DateTime, double>> Table = new(StringComparer.Ordinal)
    {
        ["days_in_month"] = t => DateTime.DaysInMonth(t.Year, t.Month),
        ["day_of_month"] = t => t.Day,
        ["day_of_week"] = t => (int)t.DayOfWeek,
        ["day_of_year"] = t => t.DayOfYear,
        ["hour"] = t => t.Hour,
        ["minute"] = t => t.Minute,
        ["month"] = t => t.Month,
        ["year"] = t => t.Year,
    };

    public static bool TryGet(string name, out Func<DateTime, double> function) => Table.TryGetValue(name, out function!);
}

using Aggregator.Shared.Model;

namespace Aggregator.Shared.Storage;

/// <summary>Immutable settings of a <see cref="SeriesStore"/>.</summary>
public sealed record SeriesStoreOptions
{
    /// <summary>
    /// A series whose newest sample is older than this leaves the view (Prometheus's
    /// <c>--query.lookback-delta</c>, default 5m) and is deleted by the next sweep.
    /// </summary>
    public TimeSpan Lookback { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How far back the per-series sample window reaches: the longest range any rule reads plus the
    /// lookback. Zero keeps only the latest sample of every series.
    /// </summary>
    public TimeSpan WindowLength { get; init; } = TimeSpan.Zero;

    /// <summary>Which series keep a window (those some rule reads); null means every series when <see cref="WindowLength"/> is set.</summary>
    public Func<LabelSet, bool>? WindowedSeries { get; init; }

    /// <summary>Distinct label strings the store interns before it stops pooling new ones (0 = off).</summary>
    public int InternCapacity { get; init; } = 4_000_000;

    internal long LookbackMs => (long)Lookback.TotalMilliseconds;

    internal long WindowLengthMs => (long)WindowLength.TotalMilliseconds;

    internal bool Windowed(LabelSet labels) =>
        WindowLength > TimeSpan.Zero && (WindowedSeries is null || WindowedSeries(labels));

    /// <summary>Every problem with these settings (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Lookback <= TimeSpan.Zero)
        {
            errors.Add($"lookback must be positive, got {Lookback}");
        }
        if (WindowLength < TimeSpan.Zero)
        {
            errors.Add($"window length must not be negative, got {WindowLength}");
        }
        if (InternCapacity < 0)
        {
            errors.Add($"intern capacity must not be negative, got {InternCapacity}");
        }
        return errors;
    }
}

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

    /// <summary>
    /// The shortest time between two samples of one series, when known (a Node's shortest poll interval: a poll
    /// brings one sample per series); zero when unknown. Sizes each window once for all the samples it will hold,
    /// so it does not grow by doubling after its series settled in the oldest generation (BENCHMARKS.md "Session 7,
    /// helper mem2": a dead half-size array per series was left as a hole there).
    /// </summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.Zero;

    /// <summary>Distinct label strings the store interns before it stops pooling new ones (0 = off).</summary>
    public int InternCapacity { get; init; } = 4_000_000;

    internal long LookbackMs => (long)Lookback.TotalMilliseconds;

    internal long WindowLengthMs => (long)WindowLength.TotalMilliseconds;

    /// <summary>Room a new window starts with: every sample one <see cref="SampleInterval"/> apart within the window, plus one for jitter.</summary>
    internal int WindowCapacity => SampleWindow.CapacityFor(WindowLengthMs, (long)SampleInterval.TotalMilliseconds);

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
        if (SampleInterval < TimeSpan.Zero)
        {
            errors.Add($"sample interval must not be negative, got {SampleInterval}");
        }
        if (InternCapacity < 0)
        {
            errors.Add($"intern capacity must not be negative, got {InternCapacity}");
        }
        return errors;
    }
}

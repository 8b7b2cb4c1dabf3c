namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>A range vector: series with their samples in (RangeEnd - Range, RangeEnd].</summary>
public sealed class MatrixValue(List<RangeSeries> series, long rangeEndMs, long rangeMs) : PromValue
{
    public List<RangeSeries> Series { get; } = series;

    /// <summary>The right (closed) edge of the window, after <c>@</c> and offset.</summary>
    public long RangeEndMs { get; } = rangeEndMs;

    /// <summary>The evaluation step's time (predict_linear's intercept time, even under <c>@</c>).</summary>
    public long EvalTimeMs { get; init; } = rangeEndMs;

    /// <summary>The window length.</summary>
    public long RangeMs { get; } = rangeMs;
}

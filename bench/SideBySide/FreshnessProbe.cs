namespace Aggregator.Bench.SideBySide;

/// <summary>
/// Polls one global <c>/federate</c> for the freshness record (the largest source serve time that has
/// reached the top) and, each time it advances, notes now minus that time: how old the newest source
/// sample is when it first becomes visible globally. Polling every 250 ms adds at most that much.
/// </summary>
internal sealed class FreshnessProbe(HttpProbe http, Uri globalUrl, TimeProvider time)
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);

    private readonly List<double> _ages = [];
    private double _last = double.NaN;
    private int _errors;

    /// <summary>Seconds from a source sample to its first appearance at the top, one per advance seen.</summary>
    public IReadOnlyList<double> Ages => _ages;

    public int Errors => _errors;

    /// <summary>Polls until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var url = new Uri(globalUrl, "federate?match[]=" + Uri.EscapeDataString(BenchFiles.FreshnessRecord));
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var body = await http.GetTextAsync(url).WaitAsync(cancellationToken).ConfigureAwait(false);
                double now = time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
                if (HttpProbe.MaxValue(body, BenchFiles.FreshnessRecord) is { } value)
                {
                    // Note: the first value seen may have been visible for a while; only advances are timed.
                    if (!double.IsNaN(_last) && value > _last)
                    {
                        _ages.Add(now - value);
                    }
                    _last = Math.Max(double.IsNaN(_last) ? value : _last, value);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
                _errors++;
            }
            try
            {
                await Task.Delay(PollEvery, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

namespace Aggregator.Shared.Storage;

/// <summary>
/// Calls <see cref="SeriesStore.RemoveExpired"/> periodically on a <see cref="TimeProvider"/> timer,
/// so that series nobody refreshes age out (tests advance a fake clock instead of sleeping).
/// </summary>
public sealed class SeriesStoreSweeper : IDisposable
{
    private readonly ITimer _timer;
    private readonly SeriesStore _store;
    private long _removed;

    /// <summary>Starts sweeping <paramref name="store"/> every <paramref name="period"/>.</summary>
    public SeriesStoreSweeper(SeriesStore store, TimeProvider time, TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        _store = store;
        _timer = time.CreateTimer(static state => ((SeriesStoreSweeper)state!).Sweep(), this, period, period);
    }

    /// <summary>Series removed by this sweeper so far.</summary>
    public long Removed => Interlocked.Read(ref _removed);

    public void Dispose() => _timer.Dispose();

    private void Sweep() => Interlocked.Add(ref _removed, _store.RemoveExpired());
}

namespace Aggregator.Shared.RemoteWrite;

/// <summary>
/// The checks of a decoded batch that need the receiver's clock or its sink's abilities: samples
/// too far in the future or too old, and native histograms or exemplars a sink cannot keep.
/// </summary>
public static class RemoteWriteBatchChecks
{
    /// <summary>The first violation in <paramref name="batch"/>, or null.</summary>
    public static RemoteWriteError? Check(WriteBatch batch, RemoteWriteLimits limits, long nowMs)
    {
        long newest = nowMs + (long)limits.FutureGrace.TotalMilliseconds;
        long oldest = limits.MaxSampleAge > TimeSpan.Zero ? nowMs - (long)limits.MaxSampleAge.TotalMilliseconds : long.MinValue;
        for (int i = 0; i < batch.Series.Count; i++)
        {
            var series = batch.Series[i];
            if (series.Histograms.Count > 0 && !limits.AcceptNativeHistograms)
            {
                return new RemoteWriteError(RemoteWriteErrorKind.NativeHistogramsUnsupported,
                    $"{series.Histograms.Count} native histogram sample(s): this receiver keeps float samples only; send classic histograms (_bucket/_sum/_count) instead",
                    i, Series: RemoteWriteSeriesText.Of(series.Labels));
            }
            if (series.ExemplarCount > 0 && !limits.AcceptExemplars)
            {
                return new RemoteWriteError(RemoteWriteErrorKind.ExemplarsUnsupported,
                    $"{series.ExemplarCount} exemplar(s): this receiver keeps no exemplars; set send_exemplars: false in the sender's remote_write",
                    i, Series: RemoteWriteSeriesText.Of(series.Labels));
            }
            foreach (var sample in series.Samples)
            {
                if (Outside(sample.TimestampMs, newest, oldest) is { } error)
                {
                    return error with { SeriesIndex = i, Series = RemoteWriteSeriesText.Of(series.Labels) };
                }
            }
            foreach (var histogram in series.Histograms)
            {
                if (Outside(histogram.TimestampMs, newest, oldest) is { } error)
                {
                    return error with { SeriesIndex = i, Series = RemoteWriteSeriesText.Of(series.Labels) };
                }
            }
        }
        return null;
    }

    private static RemoteWriteError? Outside(long timestampMs, long newestMs, long oldestMs)
    {
        if (timestampMs > newestMs)
        {
            return new RemoteWriteError(RemoteWriteErrorKind.SampleTooNew,
                $"sample at {Iso(timestampMs)} is later than the receiver's clock plus the grace (limit sample-future-grace), latest allowed {Iso(newestMs)}");
        }
        if (timestampMs < oldestMs)
        {
            return new RemoteWriteError(RemoteWriteErrorKind.SampleTooOld,
                $"sample at {Iso(timestampMs)} is older than allowed (limit sample-max-age), oldest allowed {Iso(oldestMs)}");
        }
        return null;
    }

    private static string Iso(long ms) =>
        ms is > -62_135_596_800_000 and < 253_402_300_800_000
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture)
            : ms.ToString(System.Globalization.CultureInfo.InvariantCulture) + " ms";
}

using Aggregator.Shared.Exposition;
using Aggregator.Shared.Model;
using Aggregator.Shared.Storage;

namespace Aggregator.Shared.Federation;

/// <summary>
/// Writes a local store's families to /federate: each family's series in the store's (sorted) order,
/// each with its cached text spelling and only the external labels it lacks appended — no label
/// array is built per series unless a series carries an empty label value.
/// </summary>
internal sealed class FamilyOutput(ExpositionWriter writer, ExternalLabels external)
{
    private readonly Label[] _appended = new Label[external.Labels.Length];
    private Label[] _scratch = new Label[16];

    public async ValueTask WriteAsync(SeriesFamily family, CancellationToken cancellationToken)
    {
        if (family.Name.Length == 0 || family.Series.IsEmpty)
        {
            return;
        }
        // Note: Prometheus types every float family untyped and never sends HELP.
        writer.BeginFamily(family.Name, MetricType.Untyped);
        int start = 0;
        while (start < family.Series.Length)
        {
            start = WriteSome(family.Series.Span, start);
            if (writer.ShouldFlush)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }
        writer.EndFamily();
    }

    // Note: writes from start until the buffer asks for a flush; returns where it stopped.
    private int WriteSome(ReadOnlySpan<SeriesSample> series, int start)
    {
        int i = start;
        while (i < series.Length)
        {
            var item = series[i++];
            if (!item.Sample.IsStale)
            {
                Write(item);
            }
            if (writer.ShouldFlush)
            {
                break;
            }
        }
        return i;
    }

    private void Write(SeriesSample item)
    {
        var labels = item.Labels;
        if (HasEmptyValue(labels))
        {
            int max = external.MaxOutput(labels);
            if (_scratch.Length < max)
            {
                _scratch = new Label[max * 2];
            }
            int n = external.Apply(labels, _scratch);
            writer.WriteSample(labels.MetricName, _scratch.AsSpan(0, n), item.Sample.Value, item.Sample.TimestampMs);
            return;
        }
        int appended = external.Missing(labels, _appended);
        writer.WriteSample(labels, _appended.AsSpan(0, appended), item.Sample.Value, item.Sample.TimestampMs);
    }

    private static bool HasEmptyValue(LabelSet labels)
    {
        foreach (var label in labels.AsSpan())
        {
            if (label.Value.Length == 0)
            {
                return true;
            }
        }
        return false;
    }
}

using Aggregator.Shared.Model;

namespace Aggregator.Shared.Storage;

internal sealed partial class MetricFamilyTable
{
    /// <summary>
    /// The live slots in <see cref="SeriesOrder"/>, built once per shape and reused by every selection
    /// until a series is added or removed: a /federate of an unchanged family does not sort.
    /// Note: the sort runs outside the lock (writers keep appending meanwhile); the result is kept
    /// only if the shape did not change while it ran.
    /// </summary>
    private SlotOrder CurrentOrder()
    {
        LabelSet[] keys;
        int[] indices;
        int shape;
        lock (_lock)
        {
            var cached = _order;
            if (cached is not null && cached.Shape == _shape)
            {
                return cached;
            }
            shape = _shape;
            keys = new LabelSet[_count];
            indices = new int[_count];
            int n = 0;
            for (int i = 0; i < _used; i++)
            {
                var labels = _slots[i].Labels;
                if (labels is not null)
                {
                    keys[n] = labels;
                    indices[n++] = i;
                }
            }
        }
        Array.Sort(keys, indices, SeriesOrder.Instance);
        var built = new SlotOrder(shape, indices);
        lock (_lock)
        {
            if (_shape == shape)
            {
                _order = built;
            }
        }
        return built;
    }

    /// <summary>Slot indices sorted by their series' labels, valid while the table's shape is <see cref="Shape"/>.</summary>
    private sealed record SlotOrder(int Shape, int[] Indices);
}

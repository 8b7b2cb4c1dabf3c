using System.Collections;

namespace Aggregator.Shared.Hocon;

/// <summary>A resolved array.</summary>
internal sealed class HoconArray(HoconPosition position, IReadOnlyList<HoconValue> items) : HoconValue(position), IReadOnlyList<HoconValue>
{
    private readonly IReadOnlyList<HoconValue> _items = items;

    public override HoconValueKind Kind => HoconValueKind.Array;

    public int Count => _items.Count;

    public HoconValue this[int index] => _items[index];

    public IEnumerator<HoconValue> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string Describe() => $"array of {Count}";
}

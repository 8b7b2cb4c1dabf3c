namespace Aggregator.Shared.Exposition.Text;

/// <summary>Reusable per-line storage for label positions, so that a line parses without allocating.</summary>
internal sealed class LabelScratch
{
    private LabelRange[] _items = new LabelRange[16];

    public int Count { get; private set; }

    public ref LabelRange this[int index] => ref _items[index];

    public void Clear() => Count = 0;

    public void Add(in LabelRange range)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }
        _items[Count++] = range;
    }
}

/// <summary>Where one label's name and (still escaped) value sit in the line.</summary>
internal struct LabelRange
{
    public int NameStart;
    public int NameLength;
    public int ValueStart;
    public int ValueLength;
    public bool ValueEscaped;
}

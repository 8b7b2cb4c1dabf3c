using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Aggregator.Shared.Hocon;

/// <summary>A resolved object; keys keep the order in which they were first written.</summary>
internal sealed class HoconObject : HoconValue, IReadOnlyDictionary<string, HoconValue>
{
    private readonly OrderedDictionary<string, HoconValue> _fields;
    private readonly Dictionary<string, HoconPosition> _keyPositions;

    public HoconObject(HoconPosition position, OrderedDictionary<string, HoconValue> fields, Dictionary<string, HoconPosition>? keyPositions = null)
        : base(position)
    {
        _fields = fields;
        _keyPositions = keyPositions ?? new Dictionary<string, HoconPosition>(StringComparer.Ordinal);
    }

    public static HoconObject Empty(HoconPosition? position = null) => new(position ?? HoconPosition.None, new(StringComparer.Ordinal));

    public override HoconValueKind Kind => HoconValueKind.Object;

    public int Count => _fields.Count;

    public IEnumerable<string> Keys => _fields.Keys;

    public IEnumerable<HoconValue> Values => _fields.Values;

    public HoconValue this[string key] => _fields[key];

    public bool ContainsKey(string key) => _fields.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out HoconValue value) => _fields.TryGetValue(key, out value);

    /// <summary>Where the key was written (for "unknown key" errors); the value's position when unknown.</summary>
    public HoconPosition KeyPosition(string key) =>
        _keyPositions.TryGetValue(key, out var position) ? position : _fields.TryGetValue(key, out var value) ? value.Position : Position;

    /// <summary>The value at a relative path, or null when some element is missing or not an object.</summary>
    public HoconValue? Find(ReadOnlySpan<string> path)
    {
        HoconValue current = this;
        foreach (var key in path)
        {
            if (current is not HoconObject obj || !obj.TryGetValue(key, out var next))
            {
                return null;
            }
            current = next;
        }
        return current;
    }

    /// <summary>This object merged over <paramref name="fallback"/> (HOCON.md "Config object merging").</summary>
    public HoconObject WithFallback(HoconObject fallback) => Merge(fallback, this);

    /// <summary>Merges <paramref name="over"/> onto <paramref name="under"/>: objects merge, anything else replaces.</summary>
    public static HoconObject Merge(HoconObject under, HoconObject over)
    {
        var fields = new OrderedDictionary<string, HoconValue>(under._fields, StringComparer.Ordinal);
        var keys = new Dictionary<string, HoconPosition>(under._keyPositions, StringComparer.Ordinal);
        foreach (var (key, value) in over._fields)
        {
            fields[key] = fields.TryGetValue(key, out var existing) && existing is HoconObject a && value is HoconObject b
                ? Merge(a, b)
                : value;
            keys[key] = over.KeyPosition(key);
        }
        return new HoconObject(over.Position, fields, keys);
    }

    public IEnumerator<KeyValuePair<string, HoconValue>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string Describe() => "object";
}

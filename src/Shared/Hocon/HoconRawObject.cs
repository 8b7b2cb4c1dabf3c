namespace Aggregator.Shared.Hocon;

/// <summary>
/// An object literal. Each key holds a <see cref="HoconRawField"/>: the stack of every value
/// assigned to it, oldest first, so that merging and self-references follow HOCON's rules.
/// </summary>
internal sealed class HoconRawObject(HoconPosition position, string[] path) : HoconRawNode(position)
{
    /// <summary>The object's absolute path (for self-reference detection and += targets).</summary>
    public string[] Path { get; } = path;

    public OrderedDictionary<string, HoconRawField> Fields { get; } = new(StringComparer.Ordinal);

    /// <summary>Assigns <paramref name="value"/> at the relative path <paramref name="keys"/> (a.b.c = v).</summary>
    public void Assign(ReadOnlySpan<string> keys, HoconRawNode value, HoconPosition keyPosition)
    {
        var target = this;
        for (int i = 0; i < keys.Length - 1; i++)
        {
            var field = target.FieldFor(keys[i], keyPosition);
            if (field.Stack.Count > 0 && field.Stack[^1] is HoconRawObject top)
            {
                target = top;
                continue;
            }
            // Note: a.b = 1 after a = 5 makes a an object again: an object after a non-object wins.
            var created = new HoconRawObject(keyPosition, [.. target.Path, keys[i]]);
            field.Stack.Add(created);
            target = created;
        }
        target.FieldFor(keys[^1], keyPosition).Push(value);
    }

    /// <summary>Merges <paramref name="other"/> over this object, as duplicate keys merge.</summary>
    public void MergeFrom(HoconRawObject other)
    {
        foreach (var (key, field) in other.Fields)
        {
            var mine = FieldFor(key, field.KeyPosition);
            foreach (var entry in field.Stack)
            {
                mine.Push(entry);
            }
        }
    }

    private HoconRawField FieldFor(string key, HoconPosition keyPosition)
    {
        if (!Fields.TryGetValue(key, out var field))
        {
            field = new HoconRawField([.. Path, key], keyPosition);
            Fields.Add(key, field);
        }
        return field;
    }
}

namespace Aggregator.Shared.Hocon;

/// <summary>
/// Every value assigned to one key, oldest first. Adjacent object literals are merged as they
/// arrive; anything else stays on the stack until resolution, where a later value hides an
/// earlier one unless both are objects.
/// </summary>
internal sealed class HoconRawField(string[] path, HoconPosition keyPosition)
{
    public string[] Path { get; } = path;

    public HoconPosition KeyPosition { get; } = keyPosition;

    public List<HoconRawNode> Stack { get; } = [];

    /// <summary>Index of the stack entry being resolved, or -1.</summary>
    public int ResolvingIndex { get; set; } = -1;

    /// <summary>While resolving: the value of the entries below the current one (what a self-reference sees).</summary>
    public HoconValue? ValueBefore { get; set; }

    public bool IsResolved { get; set; }

    public HoconValue? Resolved { get; set; }

    public void Push(HoconRawNode value)
    {
        if (value is HoconRawObject incoming && Stack.Count > 0 && Stack[^1] is HoconRawObject top)
        {
            top.MergeFrom(incoming);
            top.Position = incoming.Position;
            return;
        }
        Stack.Add(value);
    }
}

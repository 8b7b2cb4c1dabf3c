namespace Aggregator.Shared.Hocon;

/// <summary>
/// Entry points: parse text or files, stack layers (later layers over earlier ones, as duplicate
/// keys merge), then resolve substitutions once over the merged tree (HOCON.md: substitution is
/// the last step, for the whole configuration).
/// </summary>
internal static class HoconLoader
{
    /// <summary>Parses and resolves one text.</summary>
    public static HoconConfig ParseString(string text, string name = "(string)", Func<string, string?>? environment = null) =>
        Resolve([ParseLayer(text, name)], environment);

    /// <summary>Parses and resolves one file; includes are relative to it.</summary>
    public static HoconConfig LoadFile(string path, Func<string, string?>? environment = null) =>
        Resolve([ParseFileLayer(path)], environment);

    /// <summary>Parses a text without resolving it, for layering.</summary>
    public static HoconRawObject ParseLayer(string text, string name, Func<string, string?>? readFile = null) =>
        RequireObject(HoconParser.Parse(text, name, new HoconIncluder(readFile)));

    /// <summary>Parses a file without resolving it, for layering.</summary>
    public static HoconRawObject ParseFileLayer(string path, Func<string, string?>? readFile = null)
    {
        var includer = new HoconIncluder(readFile);
        var root = includer.ParseFile(path) ?? throw new HoconException(new HoconPosition(path, 0, 0), "file not found");
        return RequireObject(root);
    }

    /// <summary>Merges layers (first is the lowest) and resolves substitutions over the result.</summary>
    public static HoconConfig Resolve(IReadOnlyList<HoconRawObject> layers, Func<string, string?>? environment = null)
    {
        var merged = new HoconRawObject(layers.Count > 0 ? layers[^1].Position : HoconPosition.None, []);
        foreach (var layer in layers)
        {
            merged.MergeFrom(layer);
        }
        return new HoconConfig(HoconResolver.Resolve(merged, environment));
    }

    private static HoconRawObject RequireObject(HoconRawNode root) =>
        root as HoconRawObject ?? throw new HoconException(root.Position, "expected an object at the root of the file, got an array");
}

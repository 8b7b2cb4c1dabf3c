namespace Aggregator.Shared.Hocon;

/// <summary>
/// Resolves <c>include</c> statements (HOCON.md "Includes"): names are relative to the including
/// file, a missing file is ignored unless <c>required(...)</c>, a name without an extension loads
/// name.json then name.conf, and a file that includes itself (directly or not) is an error.
/// </summary>
internal sealed class HoconIncluder
{
    private readonly Func<string, string?> _readFile;
    private readonly List<string> _stack = [];

    /// <param name="readFile">Returns a file's text, or null when it does not exist.</param>
    public HoconIncluder(Func<string, string?>? readFile = null)
    {
        _readFile = readFile ?? (path => File.Exists(path) ? File.ReadAllText(path) : null);
    }

    /// <summary>Parses a top-level file; null when it does not exist.</summary>
    public HoconRawNode? ParseFile(string path, string[]? includePrefix = null)
    {
        var text = _readFile(path);
        if (text is null)
        {
            return null;
        }
        var full = Path.GetFullPath(path);
        _stack.Add(full);
        try
        {
            return HoconParser.Parse(text, path, this, includePrefix);
        }
        finally
        {
            _stack.RemoveAt(_stack.Count - 1);
        }
    }

    /// <summary>Parses an included file and returns its root object, or null when it is missing and optional.</summary>
    public HoconRawObject? Include(string includingFile, string name, bool required, HoconPosition at, string[] prefix)
    {
        var directory = Path.GetDirectoryName(includingFile);
        var path = Path.IsPathRooted(name) || string.IsNullOrEmpty(directory) ? name : Path.Combine(directory, name);
        var candidates = Path.HasExtension(path) ? [path] : new[] { path + ".json", path + ".conf" };
        HoconRawObject? merged = null;
        foreach (var candidate in candidates)
        {
            var full = Path.GetFullPath(candidate);
            int seen = _stack.IndexOf(full);
            if (seen >= 0)
            {
                var chain = string.Join(" -> ", _stack.Skip(seen).Append(full).Select(Path.GetFileName));
                throw new HoconException(at, $"include cycle: {chain}");
            }
            var root = ParseFile(candidate, prefix);
            if (root is null)
            {
                continue;
            }
            if (root is not HoconRawObject obj)
            {
                throw new HoconException(root.Position, "an included file must contain an object, not an array");
            }
            if (merged is null)
            {
                merged = obj;
            }
            else
            {
                merged.MergeFrom(obj);
            }
        }
        if (merged is null && required)
        {
            throw new HoconException(at, $"required include \"{name}\" not found (looked for {string.Join(", ", candidates)})");
        }
        return merged;
    }
}

namespace Aggregator.Shared.Hocon;

/// <summary>
/// Resolves <c>include</c> statements (HOCON.md "Includes"): names are relative to the including
/// file, a missing file is ignored unless <c>required(...)</c>, a name without an extension loads
/// name.json then name.conf, and a file that includes itself (directly or not) is an error.
/// </summary>
internal sealed class HoconIncluder
{
    /// <summary>Files included inside one another at most this deep.</summary>
    public const int MaxIncludeDepth = 16;

    /// <summary>Largest one file (top-level or included), in characters.</summary>
    public const long MaxFileBytes = 4L << 20;

    /// <summary>Largest all files of one load together (top-level file and every include), in characters.</summary>
    public const long MaxTotalBytes = 16L << 20;

    private readonly Func<string, string?> _readFile;
    private readonly List<string> _stack = [];
    private long _totalChars;

    /// <param name="readFile">Returns a file's text, or null when it does not exist.</param>
    public HoconIncluder(Func<string, string?>? readFile = null)
    {
        _readFile = readFile ?? ReadLimited;
    }

    /// <summary>Note: reads at most one character past the limit, so a huge (or endless, /dev/zero) file is never read whole.</summary>
    private static string? ReadLimited(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[64 * 1024];
        var text = new System.Text.StringBuilder();
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > MaxFileBytes)
            {
                throw new FileTooLargeException(MaxFileBytes);
            }
        }
        return text.ToString();
    }

    /// <summary>Parses a top-level file; null when it does not exist.</summary>
    public HoconRawNode? ParseFile(string path, string[]? includePrefix = null) => ParseFile(path, includePrefix, new HoconPosition(path, 0, 0));

    private HoconRawNode? ParseFile(string path, string[]? includePrefix, HoconPosition at)
    {
        string? text;
        try
        {
            text = _readFile(path);
        }
        catch (FileTooLargeException e)
        {
            throw new HoconException(at, $"\"{path}\" holds more than the {e.Limit} characters a topology file may have");
        }
        if (text is null)
        {
            return null;
        }
        if (_stack.Count > MaxIncludeDepth)
        {
            throw new HoconException(at, $"includes nest deeper than {MaxIncludeDepth} files: {string.Join(" -> ", _stack.Append(Path.GetFullPath(path)).Select(Path.GetFileName))}");
        }
        _totalChars += text.Length;
        if (_totalChars > MaxTotalBytes)
        {
            throw new HoconException(at, $"the topology file and its includes hold more than {MaxTotalBytes} characters together");
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
            var root = ParseFile(candidate, prefix, at);
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

/// <summary>A file over <see cref="HoconIncluder.MaxFileBytes"/>, reported by the includer with the include's position.</summary>
internal sealed class FileTooLargeException(long limit) : Exception($"file over {limit} characters")
{
    public long Limit { get; } = limit;
}

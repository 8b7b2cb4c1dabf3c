using Aggregator.Shared.Hocon;

namespace Aggregator.Shared.Topology;

/// <summary>Typed reads that record positions and turn every failure into a collected error.</summary>
internal sealed partial class TopologyBinder
{
    private static string Child(string path, string key) => path + "." + HoconPath.Render([key]);

    private void Error(HoconPosition position, string path, string message) => _errors.Add(new TopologyError(position, path, message));

    /// <summary>Reports keys of <paramref name="value"/> that <paramref name="schema"/> does not have, recursing into nested sections.</summary>
    private void CheckKeys(HoconObject value, HoconObject schema, string path)
    {
        foreach (var (key, child) in value)
        {
            var childPath = Child(path, key);
            _positions.Record(childPath, child.Position);
            if (!schema.TryGetValue(key, out var expected))
            {
                Error(value.KeyPosition(key), childPath, $"unknown key '{key}'{DidYouMean.Hint(key, schema.Keys)}");
            }
            else if (expected is HoconObject { Count: > 0 } section && child is HoconObject nested)
            {
                CheckKeys(nested, section, childPath);
            }
        }
    }

    private T Read<T>(HoconObject obj, string key, string path, Func<HoconValue, string, T> convert, T fallback)
    {
        var full = Child(path, key);
        if (!obj.TryGetValue(key, out var value) || value.Kind == HoconValueKind.Null)
        {
            return fallback;
        }
        _positions.Record(full, value.Position);
        try
        {
            return convert(value, full);
        }
        catch (HoconException e)
        {
            var prefix = $"'{full}': ";
            Error(e.Position, full, e.Problem.StartsWith(prefix, StringComparison.Ordinal) ? e.Problem[prefix.Length..] : e.Problem);
            return fallback;
        }
    }

    private string? OptionalString(HoconObject obj, string key, string path) =>
        Read<string?>(obj, key, path, HoconConfig.AsString, null);

    private string? RequiredString(HoconObject obj, string key, string path)
    {
        var value = OptionalString(obj, key, path);
        if (value is null && !(obj.TryGetValue(key, out var present) && present.Kind != HoconValueKind.Null))
        {
            Error(obj.Position, Child(path, key), $"missing required key '{key}'");
        }
        return value;
    }

    private IReadOnlyList<string> StringList(HoconObject obj, string key, string path) =>
        Read<IReadOnlyList<string>>(obj, key, path, (v, p) =>
        {
            var array = HoconConfig.AsArray(v, p);
            var items = new List<string>(array.Count);
            for (int i = 0; i < array.Count; i++)
            {
                _positions.Record($"{p}[{i}]", array[i].Position);
                items.Add(HoconConfig.AsString(array[i], $"{p}[{i}]"));
            }
            return items;
        }, []);

    private static int AsInt(HoconValue value, string path)
    {
        long number = HoconConfig.AsLong(value, path);
        return number is >= int.MinValue and <= int.MaxValue
            ? (int)number
            : throw new HoconException(value.Position, $"'{path}': expected a 32-bit integer, got {number}");
    }

    private Uri? ReadUrl(HoconValue value, string path)
    {
        var text = HoconConfig.AsString(value, path);
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0)
        {
            return uri;
        }
        Error(value.Position, path, $"expected an http:// or https:// URL with a host, got \"{text}\"");
        return null;
    }

    private Uri? OptionalUrl(HoconObject obj, string key, string path) => Read(obj, key, path, ReadUrl, null);

    private string? FilePath(HoconObject obj, string key, string path)
    {
        var text = OptionalString(obj, key, path);
        return text is null ? null : Path.GetFullPath(text, _baseDirectory);
    }

    private HoconObject Section(HoconObject obj, string key, string path) =>
        Read(obj, key, path, HoconConfig.AsObject, HoconObject.Empty(obj.Position));
}

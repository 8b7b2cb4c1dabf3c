using System.Text;

namespace Aggregator.Shared.Hocon;

/// <summary>
/// Resolves substitutions over the whole merged tree (HOCON.md "Substitutions"). Fields resolve
/// lazily and once; a substitution that reaches the field it is written in sees that field's
/// earlier value (a self-reference), any other loop is a cycle. Paths not in the tree fall back to
/// the injected environment.
/// </summary>
internal sealed class HoconResolver
{
    private readonly HoconRawObject _root;
    private readonly Func<string, string?> _environment;
    private readonly List<HoconRawSubstitution> _lookups = [];

    private HoconResolver(HoconRawObject root, Func<string, string?> environment)
    {
        _root = root;
        _environment = environment;
    }

    /// <summary>Resolves <paramref name="root"/>; throws <see cref="HoconException"/> at the first unresolvable substitution.</summary>
    public static HoconObject Resolve(HoconRawObject root, Func<string, string?>? environment = null) =>
        new HoconResolver(root, environment ?? Environment.GetEnvironmentVariable).ResolveObject(root);

    private HoconObject ResolveObject(HoconRawObject raw)
    {
        var fields = new OrderedDictionary<string, HoconValue>(StringComparer.Ordinal);
        var keys = new Dictionary<string, HoconPosition>(StringComparer.Ordinal);
        foreach (var (key, field) in raw.Fields)
        {
            var value = ResolveField(field);
            if (value is not null)
            {
                fields.Add(key, value);
                keys.Add(key, field.KeyPosition);
            }
        }
        return new HoconObject(raw.Position, fields, keys);
    }

    private HoconValue? ResolveField(HoconRawField field)
    {
        if (field.IsResolved)
        {
            return field.Resolved;
        }
        if (field.ResolvingIndex >= 0)
        {
            throw Cycle(field.KeyPosition, field.Path);
        }
        HoconValue? value = null;
        try
        {
            for (int i = 0; i < field.Stack.Count; i++)
            {
                field.ResolvingIndex = i;
                field.ValueBefore = value;
                value = MergeOver(value, ResolveNode(field.Stack[i]));
            }
        }
        finally
        {
            field.ResolvingIndex = -1;
            field.ValueBefore = null;
        }
        field.IsResolved = true;
        field.Resolved = value;
        return value;
    }

    private static HoconValue? MergeOver(HoconValue? under, HoconValue? over) => (under, over) switch
    {
        (_, null) => under,
        (HoconObject a, HoconObject b) => HoconObject.Merge(a, b),
        _ => over,
    };

    private HoconValue? ResolveNode(HoconRawNode node) => node switch
    {
        HoconRawScalar s => new HoconScalar(s.Position, s.Kind, s.Text),
        HoconRawObject o => ResolveObject(o),
        HoconRawArray a => ResolveArray(a),
        HoconRawSubstitution sub => Lookup(sub),
        HoconRawConcat c => ResolveConcat(c),
        _ => throw new InvalidOperationException("unknown node " + node.GetType().Name),
    };

    private HoconArray ResolveArray(HoconRawArray raw)
    {
        var items = new List<HoconValue>(raw.Items.Count);
        foreach (var item in raw.Items)
        {
            // Note: an undefined ${?x} element is dropped from the array (HOCON.md).
            var value = ResolveNode(item);
            if (value is not null)
            {
                items.Add(value);
            }
        }
        return new HoconArray(raw.Position, items);
    }

    /// <summary>Substitutions resolved inside one another at most this deep (a chain a = ${b}, b = ${c}, ...).</summary>
    public const int MaxSubstitutionDepth = 200;

    private HoconValue? Lookup(HoconRawSubstitution sub)
    {
        if (_lookups.Count >= MaxSubstitutionDepth)
        {
            throw new HoconException(sub.Position, $"substitutions refer to substitutions more than {MaxSubstitutionDepth} levels deep (at ${{{string.Join('.', sub.WrittenPath)}}})");
        }
        _lookups.Add(sub);
        try
        {
            var obj = _root;
            var path = sub.Path;
            for (int i = 0; i < path.Length; i++)
            {
                if (!obj.Fields.TryGetValue(path[i], out var field))
                {
                    return NotFound(sub);
                }
                bool last = i == path.Length - 1;
                // Note: walking into a plain object literal resolves only the field asked for, so an
                // object may refer to its own members (bar { foo = 42, baz = ${bar.foo} }).
                if (!last && field.Stack is [HoconRawObject literal])
                {
                    obj = literal;
                    continue;
                }
                HoconValue? value;
                if (field.ResolvingIndex >= 0)
                {
                    if (!StartsWith(sub.DefinedAt, field.Path))
                    {
                        throw Cycle(sub.Position, field.Path);
                    }
                    value = field.ValueBefore;
                }
                else
                {
                    value = ResolveField(field);
                }
                if (!last)
                {
                    value = (value as HoconObject)?.Find(path.AsSpan(i + 1));
                }
                return value ?? NotFound(sub);
            }
            return NotFound(sub);
        }
        finally
        {
            _lookups.RemoveAt(_lookups.Count - 1);
        }
    }

    private HoconValue? NotFound(HoconRawSubstitution sub)
    {
        if (sub.ConsultEnvironment)
        {
            var name = string.Join('.', sub.WrittenPath);
            var fromEnvironment = _environment(name);
            if (!string.IsNullOrEmpty(fromEnvironment))
            {
                return HoconScalar.String(fromEnvironment, sub.Position);
            }
        }
        if (sub.Optional)
        {
            return null;
        }
        throw new HoconException(sub.Position,
            $"could not resolve substitution {sub.Display}: expected a value at '{HoconPath.Render(sub.Path)}' or an environment variable {string.Join('.', sub.WrittenPath)} (use ${{?...}} if it is optional)");
    }

    private HoconValue? ResolveConcat(HoconRawConcat concat)
    {
        var resolved = new List<(HoconRawNode Part, HoconValue? Value)>(concat.Parts.Count);
        HoconValue? structured = null;
        HoconValue? simple = null;
        foreach (var part in concat.Parts)
        {
            if (part is HoconRawScalar { IsWhitespace: true })
            {
                resolved.Add((part, null));
                continue;
            }
            var value = ResolveNode(part);
            resolved.Add((part, value));
            if (value is HoconObject or HoconArray)
            {
                if (structured is not null && structured.Kind != value.Kind)
                {
                    throw Mixed(part.Position, structured, value);
                }
                structured ??= value;
            }
            else if (value is not null)
            {
                simple ??= value;
            }
            if (structured is not null && simple is not null)
            {
                throw Mixed(part.Position, structured, simple);
            }
        }
        if (structured is HoconObject)
        {
            HoconValue? merged = null;
            foreach (var (_, value) in resolved)
            {
                merged = MergeOver(merged, value);
            }
            return merged;
        }
        if (structured is HoconArray)
        {
            var items = new List<HoconValue>();
            foreach (var (_, value) in resolved)
            {
                if (value is HoconArray array)
                {
                    items.AddRange(array);
                }
            }
            return new HoconArray(concat.Position, items);
        }
        if (simple is null)
        {
            return null;
        }
        var text = new StringBuilder();
        foreach (var (part, value) in resolved)
        {
            if (part is HoconRawScalar { IsWhitespace: true } ws)
            {
                text.Append(ws.Text);
            }
            else if (value is HoconScalar scalar && !(scalar.Kind == HoconValueKind.Null && part is HoconRawSubstitution))
            {
                // Note: a substitution that is null joins as "", a written null as "null" (HOCON.md).
                text.Append(scalar.Text);
            }
        }
        return HoconScalar.String(text.ToString(), concat.Position);
    }

    private static HoconException Mixed(HoconPosition at, HoconValue a, HoconValue b) =>
        new(at, $"cannot concatenate {a.Describe()} with {b.Describe()}: expected all strings, all arrays or all objects on one line");

    private HoconException Cycle(HoconPosition at, string[] path)
    {
        var chain = string.Join(" -> ", _lookups.Select(l => l.Display));
        return new HoconException(at, $"substitution cycle at '{HoconPath.Render(path)}'" + (chain.Length > 0 ? $": {chain}" : ""));
    }

    private static bool StartsWith(string[] path, string[] prefix)
    {
        if (prefix.Length > path.Length)
        {
            return false;
        }
        for (int i = 0; i < prefix.Length; i++)
        {
            if (path[i] != prefix[i])
            {
                return false;
            }
        }
        return true;
    }
}

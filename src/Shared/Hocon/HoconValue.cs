namespace Aggregator.Shared.Hocon;

/// <summary>A resolved value: an object, an array or a scalar, with where it was written.</summary>
internal abstract class HoconValue(HoconPosition position)
{
    public HoconPosition Position { get; } = position;

    public abstract HoconValueKind Kind { get; }

    /// <summary>How the value reads in an error message ("object", "string \"x\"").</summary>
    public abstract string Describe();

    /// <summary>Structural equality ignoring positions (objects compare as unordered maps).</summary>
    public static bool DeepEquals(HoconValue? a, HoconValue? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }
        if (a.Kind != b.Kind)
        {
            return false;
        }
        switch (a)
        {
            case HoconObject oa:
                var ob = (HoconObject)b;
                if (oa.Count != ob.Count)
                {
                    return false;
                }
                foreach (var (key, value) in oa)
                {
                    if (!ob.TryGetValue(key, out var other) || !DeepEquals(value, other))
                    {
                        return false;
                    }
                }
                return true;
            case HoconArray aa:
                var ab = (HoconArray)b;
                if (aa.Count != ab.Count)
                {
                    return false;
                }
                for (int i = 0; i < aa.Count; i++)
                {
                    if (!DeepEquals(aa[i], ab[i]))
                    {
                        return false;
                    }
                }
                return true;
            default:
                return ((HoconScalar)a).Text == ((HoconScalar)b).Text;
        }
    }

    public override string ToString() => HoconRenderer.Render(this);
}

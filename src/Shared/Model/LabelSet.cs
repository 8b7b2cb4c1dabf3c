using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Aggregator.Shared.Hashing;

namespace Aggregator.Shared.Model;

/// <summary>
/// An immutable label set, sorted by name (code-point order), names unique, hashed once.
/// Series identity is the label set. <see cref="Hash"/> (kept) is XXH64 over name 0xff value 0xff ...
/// with a seed drawn at random per process: it places series in in-memory hash tables, where a hash an
/// outsider can compute would let a source craft label sets that all fall in one bucket (collision
/// flooding). <see cref="StableHash"/> and <see cref="HashWithout"/> (computed on demand, unseeded, as
/// Prometheus hashes labels) are the same in every process: shard placement uses them.
/// </summary>
public sealed class LabelSet : IEquatable<LabelSet>, IComparable<LabelSet>
{
    private const byte Separator = 0xff;

    // Note: secret per process; a collision an attacker finds for one process is worthless in the next.
    private static readonly ulong ProcessSeed = BitConverter.ToUInt64(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

    private readonly Label[] _labels;

    /// <summary>The empty label set.</summary>
    public static readonly LabelSet Empty = new([], skipChecks: true);

    private LabelSet(Label[] sortedUnique, bool skipChecks)
    {
        _ = skipChecks;
        _labels = sortedUnique;
        Hash = ComputeHash(sortedUnique, exclude: null, ProcessSeed);
    }

    /// <summary>
    /// The series as the text exposition writers spell it (<c>name{a="1",b="2"}</c>, UTF-8), set by
    /// the first write and reused by every later one. Note: a series is written on every scrape of a
    /// target or federation; re-encoding and escaping its labels each time was most of the writer's
    /// cost. Racing writers store equal arrays, so no lock is needed.
    /// </summary>
    internal byte[]? TextSpelling { get; set; }

    /// <summary>
    /// The series' labels as the protobuf writer encodes them (<c>io.prometheus.client.Metric</c> field 1, one
    /// <c>LabelPair</c> per label but <c>__name__</c>), set by the first protobuf write and reused by every later
    /// one, as <see cref="TextSpelling"/> is for text.
    /// </summary>
    internal byte[]? ProtoSpelling { get; set; }

    /// <summary>
    /// Replaces label <paramref name="index"/>'s strings with equal instances (a string pool's), keeping this set.
    /// Note: no reader can tell: the contents, hash and spellings stay the same, and each reference is written
    /// whole, so a concurrent reader sees either instance of an equal string. Unequal strings are refused.
    /// </summary>
    internal void AdoptEqualStrings(int index, string name, string value)
    {
        var label = _labels[index];
        if (!string.Equals(label.Name, name, StringComparison.Ordinal) || !string.Equals(label.Value, value, StringComparison.Ordinal))
        {
            throw new ArgumentException($"label {label} cannot adopt {new Label(name, value)}: not equal");
        }
        _labels[index] = new Label(name, value);
    }

    /// <summary>64-bit hash of every label, seeded per process: for in-memory tables only, never to be stored or sent.</summary>
    public ulong Hash { get; }

    /// <summary>The 64-bit hash of every label that is the same in every process (computed on each call).</summary>
    public ulong StableHash => ComputeHash(_labels, exclude: null, seed: 0);

    public int Count => _labels.Length;

    public Label this[int index] => _labels[index];

    public ReadOnlySpan<Label> AsSpan() => _labels;

    /// <summary>The value of <c>__name__</c>, or the empty string.</summary>
    public string MetricName => Get(Label.MetricName) ?? string.Empty;

    /// <summary>Builds a set from labels in any order. A later duplicate name replaces an earlier one.</summary>
    public static LabelSet From(IEnumerable<Label> labels)
    {
        var list = new List<Label>(labels);
        return FromList(list);
    }

    /// <summary>Builds a set from name/value pairs: <c>LabelSet.Of("__name__", "up", "job", "x")</c>.</summary>
    public static LabelSet Of(params string[] namesAndValues)
    {
        if (namesAndValues.Length % 2 != 0)
        {
            throw new ArgumentException("Expected name/value pairs.", nameof(namesAndValues));
        }
        var list = new List<Label>(namesAndValues.Length / 2);
        for (int i = 0; i < namesAndValues.Length; i += 2)
        {
            list.Add(new Label(namesAndValues[i], namesAndValues[i + 1]));
        }
        return FromList(list);
    }

    /// <summary>Wraps an array the caller guarantees sorted and unique; no copy is made.</summary>
    internal static LabelSet FromSortedUnsafe(Label[] sortedUnique) =>
        sortedUnique.Length == 0 ? Empty : new LabelSet(sortedUnique, skipChecks: true);

    private static LabelSet FromList(List<Label> list)
    {
        // Note: a stable sort keeps insertion order among equal names, so "last wins" is well defined.
        var span = CollectionsMarshal.AsSpan(list);
        var indexed = new (Label Label, int Index)[span.Length];
        for (int i = 0; i < span.Length; i++)
        {
            indexed[i] = (span[i], i);
        }
        Array.Sort(indexed, static (x, y) =>
        {
            int c = CodePointOrder.Compare(x.Label.Name, y.Label.Name);
            return c != 0 ? c : x.Index.CompareTo(y.Index);
        });
        var result = new List<Label>(indexed.Length);
        foreach (var (label, _) in indexed)
        {
            if (result.Count > 0 && result[^1].Name == label.Name)
            {
                result[^1] = label;
            }
            else
            {
                result.Add(label);
            }
        }
        return result.Count == 0 ? Empty : new LabelSet([.. result], skipChecks: true);
    }

    public string? Get(string name)
    {
        int i = IndexOf(name);
        return i >= 0 ? _labels[i].Value : null;
    }

    public bool Has(string name) => IndexOf(name) >= 0;

    private int IndexOf(string name)
    {
        int lo = 0, hi = _labels.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            int c = CodePointOrder.Compare(_labels[mid].Name, name);
            if (c == 0)
            {
                return mid;
            }
            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return -1;
    }

    /// <summary>A copy with <paramref name="name"/> set to <paramref name="value"/> (an empty value removes it).</summary>
    public LabelSet With(string name, string value)
    {
        int i = IndexOf(name);
        if (value.Length == 0)
        {
            return i < 0 ? this : Without(name);
        }
        if (i >= 0)
        {
            if (_labels[i].Value == value)
            {
                return this;
            }
            var copy = (Label[])_labels.Clone();
            copy[i] = new Label(name, value);
            return new LabelSet(copy, skipChecks: true);
        }
        var list = new Label[_labels.Length + 1];
        int at = 0;
        while (at < _labels.Length && CodePointOrder.Compare(_labels[at].Name, name) < 0)
        {
            at++;
        }
        Array.Copy(_labels, 0, list, 0, at);
        list[at] = new Label(name, value);
        Array.Copy(_labels, at, list, at + 1, _labels.Length - at);
        return new LabelSet(list, skipChecks: true);
    }

    /// <summary>A copy without the named label.</summary>
    public LabelSet Without(string name)
    {
        int i = IndexOf(name);
        if (i < 0)
        {
            return this;
        }
        if (_labels.Length == 1)
        {
            return Empty;
        }
        var list = new Label[_labels.Length - 1];
        Array.Copy(_labels, 0, list, 0, i);
        Array.Copy(_labels, i + 1, list, i, _labels.Length - i - 1);
        return new LabelSet(list, skipChecks: true);
    }

    /// <summary>The stable hash (<see cref="StableHash"/>) of every label except <paramref name="excluded"/> (e.g. the site label).</summary>
    public ulong HashWithout(string excluded) => ComputeHash(_labels, excluded, seed: 0);

    private static ulong ComputeHash(Label[] labels, string? exclude, ulong seed)
    {
        int max = 0;
        foreach (var l in labels)
        {
            max += Encoding.UTF8.GetMaxByteCount(l.Name.Length) + Encoding.UTF8.GetMaxByteCount(l.Value.Length) + 2;
        }
        byte[]? rented = null;
        Span<byte> buffer = max <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(max));
        int n = 0;
        foreach (var l in labels)
        {
            if (exclude is not null && l.Name == exclude)
            {
                continue;
            }
            n += Encoding.UTF8.GetBytes(l.Name, buffer[n..]);
            buffer[n++] = Separator;
            n += Encoding.UTF8.GetBytes(l.Value, buffer[n..]);
            buffer[n++] = Separator;
        }
        ulong hash = XxHash64.Hash(buffer[..n], seed);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
        return hash;
    }

    public bool Equals(LabelSet? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }
        if (other is null || other.Hash != Hash || other._labels.Length != _labels.Length)
        {
            return false;
        }
        for (int i = 0; i < _labels.Length; i++)
        {
            if (_labels[i] != other._labels[i])
            {
                return false;
            }
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    public override int GetHashCode() => (int)(Hash ^ (Hash >> 32));

    /// <summary>Prometheus's <c>labels.Compare</c>: name, then value, label by label; then length.</summary>
    public int CompareTo(LabelSet? other)
    {
        if (other is null)
        {
            return 1;
        }
        int n = Math.Min(_labels.Length, other._labels.Length);
        for (int i = 0; i < n; i++)
        {
            int c = CodePointOrder.Compare(_labels[i].Name, other._labels[i].Name);
            if (c != 0)
            {
                return c;
            }
            c = CodePointOrder.Compare(_labels[i].Value, other._labels[i].Value);
            if (c != 0)
            {
                return c;
            }
        }
        return _labels.Length - other._labels.Length;
    }

    /// <summary>Prometheus's rendering: <c>{a="1", b="2"}</c> with Go-style escapes.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("{");
        for (int i = 0; i < _labels.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }
            sb.Append(_labels[i].Name).Append("=\"");
            foreach (char c in _labels[i].Value)
            {
                switch (c)
                {
                    case '\\': sb.Append("\\\\"); break;
                    case '"': sb.Append("\\\""); break;
                    case '\n': sb.Append("\\n"); break;
                    default: sb.Append(c); break;
                }
            }
            sb.Append('"');
        }
        return sb.Append('}').ToString();
    }
}

namespace Aggregator.Shared.Storage;

/// <summary>
/// A bounded, thread-safe string pool so that the millions of label names and values a store holds
/// share one instance per distinct string.
/// Note: open addressing over a plain <c>string[]</c> costs ~10 bytes per distinct string; a
/// ConcurrentDictionary node costs ~48. Striping by hash keeps writers of different strings apart.
/// Entries are never evicted (series churn could otherwise free and re-intern constantly), so the pool
/// stops growing at <see cref="Capacity"/> and then hands strings back un-interned.
/// </summary>
public sealed class StringInterner
{
    private const int StripeCount = 64;

    private readonly Stripe[] _stripes = new Stripe[StripeCount];
    private readonly int _stripeCapacity;

    /// <summary>Creates a pool that holds at most <paramref name="capacity"/> strings (0 = interning off).</summary>
    public StringInterner(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        _stripeCapacity = capacity == 0 ? 0 : Math.Max(1, capacity / StripeCount);
        for (int i = 0; i < _stripes.Length; i++)
        {
            _stripes[i] = new Stripe();
        }
    }

    /// <summary>The most strings the pool will hold.</summary>
    public int Capacity { get; }

    /// <summary>Distinct strings held.</summary>
    public int Count
    {
        get
        {
            int n = 0;
            foreach (var s in _stripes)
            {
                n += Volatile.Read(ref s.Count);
            }
            return n;
        }
    }

    /// <summary>The pooled instance equal to <paramref name="value"/>, adding it when there is room.</summary>
    public string Intern(string value)
    {
        if (value.Length == 0)
        {
            return string.Empty;
        }
        if (_stripeCapacity == 0)
        {
            return value;
        }
        int hash = string.GetHashCode(value.AsSpan());
        var stripe = _stripes[(uint)hash % StripeCount];
        lock (stripe)
        {
            return stripe.FindOrAdd(value.AsSpan(), value, hash, _stripeCapacity);
        }
    }

    /// <summary>The pooled instance equal to <paramref name="chars"/>; allocates only for a new string.</summary>
    public string Intern(ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty)
        {
            return string.Empty;
        }
        if (_stripeCapacity == 0)
        {
            return chars.ToString();
        }
        int hash = string.GetHashCode(chars);
        var stripe = _stripes[(uint)hash % StripeCount];
        lock (stripe)
        {
            return stripe.FindOrAdd(chars, null, hash, _stripeCapacity);
        }
    }

    private sealed class Stripe
    {
        public int Count;
        private string?[] _slots = new string?[16];

        public string FindOrAdd(ReadOnlySpan<char> chars, string? instance, int hash, int limit)
        {
            int mask = _slots.Length - 1;
            // Note: the stripe was chosen with the low bits, so probe with the high bits.
            int i = (int)((uint)hash >> 6) & mask;
            while (true)
            {
                var s = _slots[i];
                if (s is null)
                {
                    break;
                }
                if (chars.SequenceEqual(s))
                {
                    return s;
                }
                i = (i + 1) & mask;
            }
            var result = instance ?? chars.ToString();
            if (Count >= limit)
            {
                return result;
            }
            _slots[i] = result;
            Count++;
            if (Count * 4 > _slots.Length * 3)
            {
                Grow();
            }
            return result;
        }

        private void Grow()
        {
            var old = _slots;
            _slots = new string?[old.Length * 2];
            int mask = _slots.Length - 1;
            foreach (var s in old)
            {
                if (s is null)
                {
                    continue;
                }
                int i = (int)((uint)string.GetHashCode(s.AsSpan()) >> 6) & mask;
                while (_slots[i] is not null)
                {
                    i = (i + 1) & mask;
                }
                _slots[i] = s;
            }
        }
    }
}

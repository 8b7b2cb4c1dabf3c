namespace Aggregator.Shared.Storage;

/// <summary>
/// A bounded, thread-safe, reference-counted string pool so that the millions of label names and values a
/// store holds share one instance per distinct string, and a string leaves the pool with the last series
/// that held it.
/// Note: open addressing over a plain <c>string[]</c> and an <c>int[]</c> of counts costs ~14 bytes per
/// distinct string; a ConcurrentDictionary node costs ~48. Striping by hash keeps writers of different
/// strings apart. Strings kept forever (as before) let a label set that keeps changing (a request id, a
/// timestamp in a label, a hostile source) grow the pool until its capacity and never shrink it; counted
/// references free a string once no stored series uses it. At <see cref="Capacity"/> the pool hands strings
/// back un-interned (and uncounted).
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

    /// <summary>
    /// The pooled instance equal to <paramref name="value"/>, adding it when there is room; takes one reference
    /// on it, which <see cref="Release"/> gives back.
    /// </summary>
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

    /// <summary>As <see cref="Intern(string)"/>; allocates only for a new string.</summary>
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

    /// <summary>
    /// Gives back one reference taken by <see cref="Intern(string)"/>; the last one removes the string from the
    /// pool. Note: only the pooled instance itself counts — an equal string handed back un-interned while the pool
    /// was full must not take a reference away from the pooled one.
    /// </summary>
    public void Release(string value)
    {
        if (value.Length == 0 || _stripeCapacity == 0)
        {
            return;
        }
        int hash = string.GetHashCode(value.AsSpan());
        var stripe = _stripes[(uint)hash % StripeCount];
        lock (stripe)
        {
            stripe.Release(value, hash);
        }
    }

    private sealed class Stripe
    {
        public int Count;
        private string?[] _slots = new string?[16];
        private int[] _references = new int[16];

        // Note: the stripe was chosen with the low bits, so probe with the high bits.
        private static int Home(int hash, int mask) => (int)((uint)hash >> 6) & mask;

        public string FindOrAdd(ReadOnlySpan<char> chars, string? instance, int hash, int limit)
        {
            int mask = _slots.Length - 1;
            int i = Home(hash, mask);
            while (true)
            {
                var s = _slots[i];
                if (s is null)
                {
                    break;
                }
                if (chars.SequenceEqual(s))
                {
                    _references[i]++;
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
            _references[i] = 1;
            Volatile.Write(ref Count, Count + 1);
            if (Count * 4 > _slots.Length * 3)
            {
                Resize(_slots.Length * 2);
            }
            return result;
        }

        public void Release(string value, int hash)
        {
            int mask = _slots.Length - 1;
            int i = Home(hash, mask);
            while (_slots[i] is { } s)
            {
                if (ReferenceEquals(s, value))
                {
                    if (--_references[i] == 0)
                    {
                        RemoveAt(i, mask);
                        // Note: a pool that churned through many strings gives the table back too.
                        if (Count * 8 < _slots.Length && _slots.Length > 16)
                        {
                            Resize(_slots.Length / 2);
                        }
                    }
                    return;
                }
                i = (i + 1) & mask;
            }
        }

        /// <summary>Backward-shift deletion: later entries of the probe run move up, so no tombstones are needed.</summary>
        private void RemoveAt(int hole, int mask)
        {
            int j = hole;
            while (true)
            {
                j = (j + 1) & mask;
                var s = _slots[j];
                if (s is null)
                {
                    break;
                }
                int home = Home(string.GetHashCode(s.AsSpan()), mask);
                // Note: an entry whose home lies cyclically in (hole, j] is already as close to it as it can be.
                bool stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
                if (stays)
                {
                    continue;
                }
                _slots[hole] = s;
                _references[hole] = _references[j];
                hole = j;
            }
            _slots[hole] = null;
            _references[hole] = 0;
            Volatile.Write(ref Count, Count - 1);
        }

        private void Resize(int length)
        {
            var old = _slots;
            var oldReferences = _references;
            _slots = new string?[length];
            _references = new int[length];
            int mask = _slots.Length - 1;
            for (int k = 0; k < old.Length; k++)
            {
                var s = old[k];
                if (s is null)
                {
                    continue;
                }
                int i = Home(string.GetHashCode(s.AsSpan()), mask);
                while (_slots[i] is not null)
                {
                    i = (i + 1) & mask;
                }
                _slots[i] = s;
                _references[i] = oldReferences[k];
            }
        }
    }
}

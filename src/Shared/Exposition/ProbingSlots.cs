namespace Aggregator.Shared.Exposition;

/// <summary>
/// The open-addressing slot table both decoder caches index their entries with: a power-of-two array of entry
/// index + 1 (0 = empty), probed linearly from the entry's hash.
/// </summary>
internal static class ProbingSlots
{
    public static void Insert(int[] slots, int index, uint hash)
    {
        int mask = slots.Length - 1;
        int i = (int)hash & mask;
        while (slots[i] != 0)
        {
            i = (i + 1) & mask;
        }
        slots[i] = index + 1;
    }

    /// <summary>A table of <paramref name="size"/> slots holding the first <paramref name="count"/> entries.</summary>
    public static int[] Build(int size, int count, Func<int, uint> hashOf)
    {
        var slots = new int[size];
        for (int i = 0; i < count; i++)
        {
            Insert(slots, i, hashOf(i));
        }
        return slots;
    }
}

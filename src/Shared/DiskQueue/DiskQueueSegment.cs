namespace Aggregator.Shared.DiskQueue;

/// <summary>One segment file: its sequence number, the start offsets of its valid records and their end.</summary>
internal sealed class DiskQueueSegment(long sequence, string path)
{
    public long Sequence { get; } = sequence;

    public string Path { get; } = path;

    /// <summary>Start offsets of the valid records, ascending.</summary>
    public List<long> Offsets { get; } = [];

    /// <summary>End of the last valid record; records are never read past it.</summary>
    public long ValidLength { get; set; }

    /// <summary>Bytes the file occupies on disk (may exceed <see cref="ValidLength"/> after a corrupt region).</summary>
    public long FileLength { get; set; }

    /// <summary>Valid records at or after <paramref name="offset"/>.</summary>
    public int RecordsFrom(long offset)
    {
        int i = Offsets.BinarySearch(offset);
        return Offsets.Count - (i >= 0 ? i : ~i);
    }

    public static string FileName(long sequence) => sequence.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + ".seg";
}

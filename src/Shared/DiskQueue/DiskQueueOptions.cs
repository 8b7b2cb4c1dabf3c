namespace Aggregator.Shared.DiskQueue;

/// <summary>Settings of one on-disk forward queue.</summary>
public sealed record DiskQueueOptions
{
    /// <summary>The directory holding segment files and the read cursor (one queue per directory).</summary>
    public required string Directory { get; init; }

    /// <summary>Bound on the bytes of all segment files; beyond it the oldest segment is dropped (and counted).</summary>
    public long MaxBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>A new segment is started when a batch would make the current one larger than this.</summary>
    public long SegmentBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>fsync after every appended batch and cursor update (turn off only in benchmarks).</summary>
    public bool Fsync { get; init; } = true;

    /// <summary>Every problem with these settings (empty when valid), each prefixed by <paramref name="at"/>.</summary>
    public IReadOnlyList<string> Validate(string at)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Directory))
        {
            errors.Add($"{at}: directory must be set");
        }
        if (SegmentBytes < 1024)
        {
            errors.Add($"{at}: segment size must be at least 1 KiB, got {SegmentBytes}");
        }
        // Note: the bound can only be kept by dropping whole sealed segments, so at least two must fit.
        if (MaxBytes < 2 * SegmentBytes)
        {
            errors.Add($"{at}: max bytes ({MaxBytes}) must be at least twice the segment size ({SegmentBytes})");
        }
        return errors;
    }
}

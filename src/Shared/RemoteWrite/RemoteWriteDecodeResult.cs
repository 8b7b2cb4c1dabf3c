using System.Diagnostics.CodeAnalysis;

namespace Aggregator.Shared.RemoteWrite;

/// <summary>Either a decoded batch or the first violation found.</summary>
public readonly record struct RemoteWriteDecodeResult(WriteBatch? Batch, RemoteWriteError? Error)
{
    [MemberNotNullWhen(true, nameof(Batch))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Ok => Batch is not null;

    public static implicit operator RemoteWriteDecodeResult(WriteBatch batch) => new(batch, null);

    public static implicit operator RemoteWriteDecodeResult(RemoteWriteError error) => new(null, error);
}

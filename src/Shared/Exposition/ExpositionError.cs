namespace Aggregator.Shared.Exposition;

/// <summary>
/// One problem found in an exposition body: 1-based line and column (for protobuf: message
/// number and byte offset), and a reason. <see cref="ToString"/> renders <c>line:col: reason</c>.
/// </summary>
public readonly record struct ExpositionError(int Line, int Column, string Message)
{
    public override string ToString() => $"{Line}:{Column}: {Message}";
}

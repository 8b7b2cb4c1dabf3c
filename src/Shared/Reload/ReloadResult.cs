namespace Aggregator.Shared.Reload;

/// <summary>The outcome of one reload: applied, or refused with every reason (the previous configuration stays).</summary>
internal sealed record ReloadResult(bool Success, IReadOnlyList<string> Errors)
{
    public static ReloadResult Applied { get; } = new(true, []);
}

using System.Collections.Concurrent;
using Aggregator.Shared.Rules;

namespace Aggregator.Shared.StatusPage;

/// <summary>
/// The last evaluation of one rule group, as the status page shows it: when (unix milliseconds; null
/// before the first), how long it took, the samples it produced, its error count and first error.
/// </summary>
internal sealed record RuleGroupStatus(string Name, TimeSpan Interval, long? LastEvaluationMs, TimeSpan Duration, int Samples, int Errors, string? LastError);

/// <summary>
/// The latest evaluation of every rule group of this process, written by the rule group actors after
/// each evaluation and read by the status page. Thread-safe.
/// </summary>
internal sealed class RuleGroupStatusBoard
{
    private readonly ConcurrentDictionary<string, RuleGroupStatus> _groups = new(StringComparer.Ordinal);
    private volatile string[] _order = [];

    /// <summary>Starts following these groups (in file order), forgetting any group not among them (a reload removed it).</summary>
    public void Register(IEnumerable<(string Name, TimeSpan Interval)> groups)
    {
        var list = groups.ToList();
        foreach (var name in _groups.Keys.Except(list.Select(g => g.Name), StringComparer.Ordinal))
        {
            _groups.TryRemove(name, out _);
        }
        foreach (var (name, interval) in list)
        {
            _groups.AddOrUpdate(name, _ => new RuleGroupStatus(name, interval, null, TimeSpan.Zero, 0, 0, null), (_, old) => old with { Interval = interval });
        }
        _order = [.. list.Select(g => g.Name)];
    }

    public void Record(string group, long evaluatedAtMs, TimeSpan duration, int samples, IReadOnlyList<RuleError> errors) =>
        _groups.AddOrUpdate(group,
            _ => new RuleGroupStatus(group, TimeSpan.Zero, evaluatedAtMs, duration, samples, errors.Count, FirstError(errors)),
            (_, old) => old with { LastEvaluationMs = evaluatedAtMs, Duration = duration, Samples = samples, Errors = errors.Count, LastError = FirstError(errors) });

    /// <summary>Registered groups in file order, then any group that reported without being registered.</summary>
    public IReadOnlyList<RuleGroupStatus> Snapshot()
    {
        var order = _order;
        var known = order.Select(name => _groups.GetValueOrDefault(name)).OfType<RuleGroupStatus>();
        var others = _groups.Values.Where(g => !order.Contains(g.Name, StringComparer.Ordinal)).OrderBy(g => g.Name, StringComparer.Ordinal);
        return [.. known, .. others];
    }

    private static string? FirstError(IReadOnlyList<RuleError> errors) => errors.Count == 0 ? null : $"{errors[0].Rule}: {errors[0].Message}";
}

namespace Aggregator.Shared.Hosting;

/// <summary>
/// Readiness for <c>/-/ready</c>: ready once the host has started and nobody holds it back.
/// Components take a hold while their actors start and release it when they can serve.
/// </summary>
internal sealed class ReadinessGate
{
    private readonly Lock _lock = new();
    private readonly List<ReadinessHold> _holds = [];
    private volatile bool _started;

    /// <summary>True when started and no hold is outstanding.</summary>
    public bool IsReady
    {
        get
        {
            lock (_lock)
            {
                return _started && _holds.Count == 0;
            }
        }
    }

    /// <summary>Why the node is not ready (empty when it is).</summary>
    public IReadOnlyList<string> Reasons
    {
        get
        {
            lock (_lock)
            {
                List<string> reasons = _started ? [] : ["starting"];
                reasons.AddRange(_holds.Select(h => h.Reason));
                return reasons;
            }
        }
    }

    /// <summary>Called once the host listens.</summary>
    public void MarkStarted() => _started = true;

    /// <summary>Keeps the node not ready until the returned hold is disposed.</summary>
    public IDisposable Hold(string reason)
    {
        var hold = new ReadinessHold(this, reason);
        lock (_lock)
        {
            _holds.Add(hold);
        }
        return hold;
    }

    private void Release(ReadinessHold hold)
    {
        lock (_lock)
        {
            _holds.Remove(hold);
        }
    }

    private sealed class ReadinessHold(ReadinessGate gate, string reason) : IDisposable
    {
        public string Reason { get; } = reason;

        public void Dispose() => gate.Release(this);
    }
}

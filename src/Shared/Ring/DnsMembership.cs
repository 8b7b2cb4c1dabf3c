using System.Globalization;

namespace Aggregator.Shared.Ring;

/// <summary>
/// Members from the A records of a DNS name (a Kubernetes headless Service), re-resolved every
/// <c>interval</c> on the injected <see cref="TimeProvider"/>. Members are <c>ip:port</c>. A failed
/// lookup keeps the last ring (and is counted); an answer with no addresses empties the ring.
/// </summary>
public sealed class DnsMembership : IRingMembership, IAsyncDisposable
{
    private readonly string _host;
    private readonly int _port;
    private readonly IDnsResolver _resolver;
    private readonly ShardRingOptions _options;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _stopping = new();
    private ShardRing _current;
    private int _refreshing;
    private long _failures;

    public DnsMembership(string host, int port, IDnsResolver resolver, ShardRingOptions options, TimeProvider time, TimeSpan interval)
    {
        _host = host;
        _port = port;
        _resolver = resolver;
        _options = options;
        _current = options.Build([]);
        _timer = time.CreateTimer(static state => _ = ((DnsMembership)state!).RefreshAsync(), this, interval, interval);
    }

    public ShardRing Current => Volatile.Read(ref _current);

    public event Action<ShardRing>? Changed;

    /// <summary>Lookups that failed (the previous members were kept).</summary>
    public long ResolveFailures => Interlocked.Read(ref _failures);

    /// <summary>The last lookup error, or null after a success.</summary>
    public string? LastError { get; private set; }

    /// <summary>Resolves now (also called by the timer); overlapping calls are skipped. Returns whether the ring changed.</summary>
    public async Task<bool> RefreshAsync()
    {
        if (Interlocked.Exchange(ref _refreshing, 1) == 1)
        {
            return false;
        }
        try
        {
            var addresses = await _resolver.ResolveAsync(_host, _stopping.Token);
            LastError = null;
            var members = addresses.Select(a => a.ToString() + ":" + _port.ToString(CultureInfo.InvariantCulture))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            if (members.SequenceEqual(Current.Members))
            {
                return false;
            }
            var ring = _options.Build(members);
            Volatile.Write(ref _current, ring);
            Changed?.Invoke(ring);
            return true;
        }
        catch (Exception e) when (!_stopping.IsCancellationRequested)
        {
            // Note: a DNS outage must not empty the ring; keep routing to the last known members.
            Interlocked.Increment(ref _failures);
            LastError = e.Message;
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        await _stopping.CancelAsync();
        _stopping.Dispose();
    }
}

using System.Collections.Concurrent;

namespace Aggregator.Shared.StatusPage;

/// <summary>
/// Each site's freshness (seconds since it was last heard from) sampled at a fixed step, the last
/// <see cref="Capacity"/> samples per site in a ring buffer, so memory stays bounded however long
/// the process runs. A sample is NaN while a site was never heard from. Thread-safe.
/// </summary>
internal sealed class SiteFreshnessHistory(int capacity = SiteFreshnessHistory.DefaultCapacity)
{
    /// <summary>The default step between samples; with <see cref="DefaultCapacity"/> the buffer spans one hour.</summary>
    public static readonly TimeSpan DefaultStep = TimeSpan.FromSeconds(15);

    public const int DefaultCapacity = 240;

    private readonly ConcurrentDictionary<string, Buffer> _sites = new(StringComparer.Ordinal);

    public int Capacity => capacity;

    public void Add(string site, double ageSeconds) => _sites.GetOrAdd(site, _ => new Buffer(capacity)).Add(ageSeconds);

    /// <summary>The samples of <paramref name="site"/>, oldest first (empty for an unknown site).</summary>
    public double[] Samples(string site) => _sites.TryGetValue(site, out var buffer) ? buffer.ToArray() : [];

    private sealed class Buffer(int capacity)
    {
        private readonly double[] _samples = new double[capacity];
        private readonly Lock _lock = new();
        private int _next;
        private int _count;

        public void Add(double value)
        {
            lock (_lock)
            {
                _samples[_next] = value;
                _next = (_next + 1) % _samples.Length;
                _count = Math.Min(_count + 1, _samples.Length);
            }
        }

        public double[] ToArray()
        {
            lock (_lock)
            {
                var result = new double[_count];
                int start = (_next - _count + _samples.Length) % _samples.Length;
                for (int i = 0; i < _count; i++)
                {
                    result[i] = _samples[(start + i) % _samples.Length];
                }
                return result;
            }
        }
    }
}

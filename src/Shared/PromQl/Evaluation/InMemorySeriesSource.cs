using Aggregator.Shared.Model;

namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>
/// A series store in memory, indexed by metric name; for tests, `test rules` and rule chains
/// (a group's outputs are appended so later rules read them). Not thread-safe.
/// </summary>
public sealed class InMemorySeriesSource : ISeriesSource
{
    private readonly Dictionary<LabelSet, SeriesBuffer> _series = [];
    private readonly Dictionary<string, List<SeriesBuffer>> _byName = new(StringComparer.Ordinal);

    /// <summary>How many series are stored.</summary>
    public int SeriesCount => _series.Count;

    /// <summary>Adds one sample; a sample at an existing timestamp replaces it.</summary>
    public void Add(LabelSet labels, long timestampMs, double value)
    {
        if (!_series.TryGetValue(labels, out var buffer))
        {
            buffer = new SeriesBuffer(labels);
            _series.Add(labels, buffer);
            var name = labels.MetricName;
            if (!_byName.TryGetValue(name, out var list))
            {
                list = [];
                _byName.Add(name, list);
            }
            list.Add(buffer);
        }
        buffer.Add(new Sample(timestampMs, value));
    }

    /// <summary>Removes every series.</summary>
    public void Clear()
    {
        _series.Clear();
        _byName.Clear();
    }

    public IReadOnlyList<SeriesSamples> Select(IReadOnlyList<LabelMatcher> matchers, long minTimeMs, long maxTimeMs)
    {
        var candidates = Candidates(matchers, out int indexed);
        var result = new List<SeriesSamples>(candidates.Count);
        foreach (var series in candidates)
        {
            // Note: the name index already applied the name matcher.
            if (!MatchesAll(series.Labels, matchers, indexed))
            {
                continue;
            }
            var window = series.Window(minTimeMs, maxTimeMs);
            if (window.Length > 0)
            {
                result.Add(new SeriesSamples(series.Labels, window));
            }
        }
        return result;
    }

    public void Visit(IReadOnlyList<LabelMatcher> matchers, long minTimeMs, long maxTimeMs, ISeriesVisitor visitor)
    {
        var candidates = Candidates(matchers, out int indexed);
        foreach (var series in candidates)
        {
            if (!MatchesAll(series.Labels, matchers, indexed))
            {
                continue;
            }
            var window = series.Window(minTimeMs, maxTimeMs);
            if (window.Length > 0)
            {
                visitor.Visit(series.Labels, window.Span);
            }
        }
    }

    /// <summary>The series named by a <c>__name__=</c> matcher (its index in <paramref name="indexed"/>), or all.</summary>
    private List<SeriesBuffer> Candidates(IReadOnlyList<LabelMatcher> matchers, out int indexed)
    {
        for (int i = 0; i < matchers.Count; i++)
        {
            var m = matchers[i];
            if (m.Name == Label.MetricName && m.Type == LabelMatchType.Equal)
            {
                indexed = i;
                return _byName.TryGetValue(m.Value, out var list) ? list : [];
            }
        }
        indexed = -1;
        return [.. _series.Values];
    }

    private static bool MatchesAll(LabelSet labels, IReadOnlyList<LabelMatcher> matchers, int skip)
    {
        for (int i = 0; i < matchers.Count; i++)
        {
            if (i != skip && !matchers[i].Matches(labels))
            {
                return false;
            }
        }
        return true;
    }

    private sealed class SeriesBuffer(LabelSet labels)
    {
        private Sample[] _samples = new Sample[4];
        private int _count;

        public LabelSet Labels { get; } = labels;

        public void Add(Sample sample)
        {
            if (_count > 0 && _samples[_count - 1].TimestampMs >= sample.TimestampMs)
            {
                InsertOrReplace(sample);
                return;
            }
            if (_count == _samples.Length)
            {
                Array.Resize(ref _samples, _count * 2);
            }
            _samples[_count++] = sample;
        }

        private void InsertOrReplace(Sample sample)
        {
            int i = LowerBound(sample.TimestampMs);
            if (i < _count && _samples[i].TimestampMs == sample.TimestampMs)
            {
                _samples[i] = sample;
                return;
            }
            if (_count == _samples.Length)
            {
                Array.Resize(ref _samples, _count * 2);
            }
            Array.Copy(_samples, i, _samples, i + 1, _count - i);
            _samples[i] = sample;
            _count++;
        }

        public ReadOnlyMemory<Sample> Window(long minT, long maxT)
        {
            int from = LowerBound(minT);
            int to = LowerBound(maxT == long.MaxValue ? maxT : maxT + 1);
            return new ReadOnlyMemory<Sample>(_samples, from, Math.Max(0, to - from));
        }

        private int LowerBound(long t)
        {
            int lo = 0, hi = _count;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (_samples[mid].TimestampMs < t)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}

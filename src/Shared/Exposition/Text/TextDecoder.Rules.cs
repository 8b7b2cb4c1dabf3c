using System.Text;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Exposition.Text;

/// <summary>
/// Semantic rules applied when <see cref="ExpositionReadOptions.Strict"/> is set: metadata placement
/// for both formats, and for OpenMetrics the per-type rules of the specification (sample suffixes,
/// counter and bucket values, histogram consistency, quantile and stateset labels, exemplar
/// placement, contiguous groups, non-decreasing timestamps). Lints run at each family's end.
/// </summary>
internal sealed partial class TextDecoder
{
    private readonly HashSet<string> _finishedFamilies = new(StringComparer.Ordinal);
    private readonly HashSet<string> _generatedNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _doneGroups = new(StringComparer.Ordinal);
    private readonly HashSet<string> _familyLabelNames = new(StringComparer.Ordinal);
    private readonly Dictionary<LabelSet, long?> _lastTimestamps = [];
    private readonly HistogramGroup _group = new();
    private readonly StringBuilder _groupKey = new();
    private string? _currentGroup;
    private int _familyStartLine;

    private void CheckMetadataRules(TextLineKind kind, int lineNumber, ReadOnlySpan<byte> line)
    {
        if (!_options.Strict)
        {
            return;
        }
        bool repeated = kind switch
        {
            TextLineKind.Type => _family.HasType,
            TextLineKind.Help => _family.HasHelp,
            _ => _family.HasUnit,
        };
        string what = kind switch
        {
            TextLineKind.Type => "TYPE",
            TextLineKind.Help => "HELP",
            _ => "UNIT",
        };
        var name = Encoding.UTF8.GetString(_family.Name);
        if (repeated)
        {
            AddError(lineNumber, line, 0, $"second {what} line for metric family \"{name}\"");
        }
        else if (_family.SampleCount > 0 || (!_openMetrics && kind == TextLineKind.Type && _finishedFamilies.Contains(name)))
        {
            AddError(lineNumber, line, 0, $"{what} line for metric family \"{name}\" after its samples");
        }
    }

    private void CheckUnitRules(ReadOnlySpan<byte> unit, int lineNumber, ReadOnlySpan<byte> line)
    {
        if (!_options.Strict || unit.IsEmpty)
        {
            return;
        }
        var name = _family.Name;
        if (name.Length <= unit.Length || !name.EndsWith(unit) || name[name.Length - unit.Length - 1] != (byte)'_')
        {
            AddError(lineNumber, line, line.Length - unit.Length, $"metric family name must end with \"_{Encoding.UTF8.GetString(unit)}\" to have that unit");
        }
        CheckTypeUnitRules(lineNumber, line, unitNonEmpty: true);
    }

    private void CheckTypeUnitRules(int lineNumber, ReadOnlySpan<byte> line, bool unitNonEmpty)
    {
        if (_options.Strict && unitNonEmpty && _family.Type is MetricType.Info or MetricType.StateSet)
        {
            AddError(lineNumber, line, 0, "info and stateset families must not have a unit");
        }
    }

    private bool CheckSampleRules(ref TextLine parsed, LabelSet series, ReadOnlySpan<byte> line, int lineNumber)
    {
        if (_options.Lint)
        {
            foreach (var l in series.AsSpan())
            {
                if (l.Name != Label.MetricName)
                {
                    _familyLabelNames.Add(l.Name);
                }
            }
        }
        if (!_openMetrics)
        {
            return true;
        }
        int errorsBefore = _errors.Count;
        var suffix = Encoding.UTF8.GetString(MetricNames.SuffixOf(parsed.Name, _family.Name));
        var type = _family.Type;
        var familyName = Encoding.UTF8.GetString(_family.Name);
        if (!SuffixAllowed(type, suffix))
        {
            Fail(lineNumber, line, $"sample \"{familyName}{suffix}\" is not allowed in {TypeWord(type)} family \"{familyName}\"");
        }
        bool exemplarAllowed = (type == MetricType.Counter && suffix == "_total")
            || (type is MetricType.Histogram or MetricType.GaugeHistogram && suffix == "_bucket");
        if (parsed.HasExemplar && !exemplarAllowed)
        {
            AddError(lineNumber, line, parsed.ExemplarOffset, "exemplars are only allowed on counter _total and histogram _bucket samples");
        }
        CheckGroup(series, type, suffix, lineNumber, line);
        double v = parsed.Value;
        bool nonNegative = v >= 0;
        switch (type)
        {
            case MetricType.Counter when suffix == "_total" && !nonNegative:
                Fail(lineNumber, line, "counter value must be a non-negative number");
                break;
            case MetricType.Histogram or MetricType.GaugeHistogram:
                CheckHistogramSample(type, suffix, series, v, line, lineNumber);
                break;
            case MetricType.Summary:
                CheckSummarySample(suffix, series, v, line, lineNumber);
                break;
            case MetricType.StateSet:
                if (series.Get(familyName) is null)
                {
                    Fail(lineNumber, line, $"stateset sample needs a label named \"{familyName}\"");
                }
                if (v is not (0 or 1))
                {
                    Fail(lineNumber, line, "stateset value must be 0 or 1");
                }
                break;
            case MetricType.Info when v != 1:
                Fail(lineNumber, line, "info value must be 1");
                break;
        }
        CheckTimestamp(series, ref parsed, lineNumber, line);
        return _errors.Count == errorsBefore;
    }

    private void CheckHistogramSample(MetricType type, string suffix, LabelSet series, double v, ReadOnlySpan<byte> line, int lineNumber)
    {
        bool gauge = type == MetricType.GaugeHistogram;
        if (suffix == "_bucket")
        {
            var le = series.Get("le");
            if (le is null || !TextLineParser.TryParseOpenMetricsNumber(Encoding.UTF8.GetBytes(le), out double bound) || double.IsNaN(bound))
            {
                Fail(lineNumber, line, le is null ? "histogram bucket without \"le\" label" : $"invalid \"le\" value \"{le}\"");
                return;
            }
            if (double.IsPositiveInfinity(bound) && le != "+Inf")
            {
                // Note: OpenMetrics requires the canonical spelling of the numbers it must compare as text.
                Fail(lineNumber, line, $"non-canonical \"le\" value \"{le}\": write +Inf");
            }
            if (!(v >= 0))
            {
                Fail(lineNumber, line, "bucket count must be a non-negative number");
            }
            else if (!IsWhole(v))
            {
                Fail(lineNumber, line, "bucket count must be an integer");
            }
            if (_group.Buckets > 0 && bound <= _group.LastBound)
            {
                Fail(lineNumber, line, "bucket \"le\" values must increase");
            }
            if (_group.Buckets > 0 && v < _group.LastCount)
            {
                Fail(lineNumber, line, "bucket counts must not decrease");
            }
            _group.Buckets++;
            _group.LastBound = bound;
            _group.LastCount = v;
            _group.HasNegativeBucket |= bound < 0;
            if (double.IsPositiveInfinity(bound))
            {
                _group.InfCount = v;
            }
        }
        else if (suffix == (gauge ? "_gcount" : "_count"))
        {
            if (!(v >= 0))
            {
                Fail(lineNumber, line, "histogram count must be a non-negative number");
            }
            else if (!IsWhole(v))
            {
                Fail(lineNumber, line, "histogram count must be an integer");
            }
            _group.Count = v;
        }
        else if (suffix == (gauge ? "_gsum" : "_sum"))
        {
            if (double.IsNaN(v) || (!gauge && v < 0))
            {
                Fail(lineNumber, line, "histogram sum must be a non-negative number");
            }
            _group.HasSum = true;
            _group.HasNegativeSum |= v < 0;
        }
    }

    private static bool IsWhole(double v) => double.IsFinite(v) && v == Math.Floor(v);

    private void CheckSummarySample(string suffix, LabelSet series, double v, ReadOnlySpan<byte> line, int lineNumber)
    {
        if (suffix.Length == 0)
        {
            var q = series.Get("quantile");
            if (q is null || !TextLineParser.TryParseOpenMetricsNumber(Encoding.UTF8.GetBytes(q), out double quantile) || !(quantile is >= 0 and <= 1))
            {
                Fail(lineNumber, line, q is null ? "summary quantile sample without \"quantile\" label" : $"quantile must be between 0 and 1, not \"{q}\"");
            }
            if (v < 0)
            {
                Fail(lineNumber, line, "quantile value must not be negative");
            }
        }
        else if (suffix is "_count" or "_sum" && !(v >= 0))
        {
            Fail(lineNumber, line, $"summary {suffix[1..]} must be a non-negative number");
        }
        else if (suffix == "_count" && !IsWhole(v))
        {
            Fail(lineNumber, line, "summary count must be an integer");
        }
    }

    private void CheckGroup(LabelSet series, MetricType type, string suffix, int lineNumber, ReadOnlySpan<byte> line)
    {
        _groupKey.Clear();
        foreach (var l in series.AsSpan())
        {
            if (l.Name == Label.MetricName || (l.Name == "le" && suffix == "_bucket") || (l.Name == "quantile" && type == MetricType.Summary))
            {
                continue;
            }
            _groupKey.Append(l.Name).Append('\u0001').Append(l.Value).Append('\u0002');
        }
        var key = _groupKey.ToString();
        if (key == _currentGroup)
        {
            return;
        }
        EndGroup();
        if (!_doneGroups.Add(key))
        {
            Fail(lineNumber, line, "samples of one series group must be contiguous");
        }
        _currentGroup = key;
        _group.Reset(lineNumber);
    }

    private void CheckTimestamp(LabelSet series, ref TextLine parsed, int lineNumber, ReadOnlySpan<byte> line)
    {
        long? ts = parsed.HasTimestamp ? parsed.TimestampMs : null;
        if (_lastTimestamps.TryGetValue(series, out var previous))
        {
            if (previous.HasValue != ts.HasValue)
            {
                Fail(lineNumber, line, "samples of one series must all have timestamps or none");
            }
            else if (ts < previous)
            {
                Fail(lineNumber, line, "timestamps of one series must not decrease");
            }
        }
        _lastTimestamps[series] = ts;
    }

    private void EndGroup()
    {
        if (_currentGroup is null || !_openMetrics)
        {
            return;
        }
        _currentGroup = null;
        if (_family.Type is not (MetricType.Histogram or MetricType.GaugeHistogram) || !_group.Any)
        {
            return;
        }
        int at = _group.StartLine;
        if (_group.InfCount is null)
        {
            AddError(at, default, 0, "histogram has no \"+Inf\" bucket");
        }
        if (_group.Count.HasValue != _group.HasSum)
        {
            AddError(at, default, 0, "histogram count and sum must both be present or both absent");
        }
        if (_group.Count is double c && _group.InfCount is double inf && c != inf)
        {
            AddError(at, default, 0, "histogram count must equal the \"+Inf\" bucket");
        }
        if (_family.Type == MetricType.Histogram && _group.HasNegativeBucket && _group.HasSum)
        {
            AddError(at, default, 0, "histogram with negative buckets must not have a sum");
        }
        if (_family.Type == MetricType.GaugeHistogram && _group.HasNegativeSum && !_group.HasNegativeBucket)
        {
            AddError(at, default, 0, "gaugehistogram with a negative _gsum must have a negative bucket");
        }
    }

    private void NoteSampleInFamily(int lineNumber)
    {
        _ = lineNumber;
        _family.SampleCount++;
    }

    private void OnFamilyEnding(int lineNumber)
    {
        _ = lineNumber;
        if (!_family.HasName || !_options.Strict)
        {
            return;
        }
        EndGroup();
        var name = Encoding.UTF8.GetString(_family.Name);
        _finishedFamilies.Add(name);
        if (_openMetrics)
        {
            CheckNameClash(name);
        }
        if (_options.Lint)
        {
            foreach (var problem in PromLint.Check(name, _family.Type, _family.HasHelp, _familyLabelNames))
            {
                AddError(_familyStartLine, default, 0, $"{name} {problem}");
            }
        }
        _familyLabelNames.Clear();
        _doneGroups.Clear();
        _lastTimestamps.Clear();
    }

    private void OnFamilyStarted(ReadOnlySpan<byte> name, int lineNumber, bool explicitMetadata)
    {
        _ = explicitMetadata;
        _familyStartLine = lineNumber;
        if (_options.Strict && _openMetrics && _finishedFamilies.Contains(Encoding.UTF8.GetString(name)))
        {
            AddError(lineNumber, default, 0, $"metric family \"{Encoding.UTF8.GetString(name)}\" appears in more than one group");
        }
    }

    /// <summary>
    /// OpenMetrics: the sample names a family may have (its name with each suffix of its type, and the bare
    /// name) must not be any other family's. Note: so "# TYPE a counter" and "# TYPE a_total gauge" clash.
    /// </summary>
    private void CheckNameClash(string name)
    {
        foreach (var suffix in SuffixesOf(_family.Type))
        {
            if (!_generatedNames.Add(name + suffix))
            {
                AddError(_familyStartLine, default, 0, $"metric family \"{name}\" clashes with another family over the name \"{name + suffix}\"");
                return;
            }
        }
    }

    private static string[] SuffixesOf(MetricType type) => type switch
    {
        MetricType.Counter => ["", "_total", "_created"],
        MetricType.Histogram => ["", "_bucket", "_count", "_sum", "_created"],
        MetricType.GaugeHistogram => ["", "_bucket", "_gcount", "_gsum"],
        MetricType.Summary => ["", "_count", "_sum", "_created"],
        MetricType.Info => ["", "_info"],
        _ => [""],
    };

    private void FinishRules(int lastLineNumber) => OnFamilyEnding(lastLineNumber);

    private void Fail(int lineNumber, ReadOnlySpan<byte> line, string message) => AddError(lineNumber, line, 0, message);

    private static bool SuffixAllowed(MetricType type, string suffix) => type switch
    {
        MetricType.Counter => suffix is "_total" or "_created",
        MetricType.Histogram => suffix is "_bucket" or "_count" or "_sum" or "_created",
        MetricType.GaugeHistogram => suffix is "_bucket" or "_gcount" or "_gsum",
        MetricType.Summary => suffix is "" or "_count" or "_sum" or "_created",
        MetricType.Info => suffix is "_info",
        _ => suffix.Length == 0,
    };

    private static string TypeWord(MetricType type) => type switch
    {
        MetricType.GaugeHistogram => "a gaugehistogram",
        MetricType.StateSet => "a stateset",
        MetricType.Info => "an info",
        MetricType.Untyped => "an unknown",
        _ => "a " + type.ToString().ToLowerInvariant(),
    };

    /// <summary>What one histogram series group has shown so far.</summary>
    private sealed class HistogramGroup
    {
        public int StartLine;
        public int Buckets;
        public double LastBound;
        public double LastCount;
        public double? InfCount;
        public double? Count;
        public bool HasSum;
        public bool HasNegativeSum;
        public bool HasNegativeBucket;

        public bool Any => Buckets > 0 || Count.HasValue || HasSum;

        public void Reset(int line)
        {
            StartLine = line;
            Buckets = 0;
            LastBound = double.NegativeInfinity;
            LastCount = 0;
            InfCount = null;
            Count = null;
            HasSum = false;
            HasNegativeSum = false;
            HasNegativeBucket = false;
        }
    }
}

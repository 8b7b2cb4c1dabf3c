using System.Text;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Exposition.Text;

/// <summary>
/// Turns the lines of a text or OpenMetrics body into <see cref="IExpositionSink"/> calls: tracks the
/// current metric family, builds (cached) label sets, and collects errors with line:col.
/// Strict rules for linting live in <c>TextDecoder.Rules.cs</c>.
/// </summary>
internal sealed partial class TextDecoder
{
    private readonly bool _openMetrics;
    private readonly ExpositionReadOptions _options;
    private readonly ExpositionCache _cache;
    private readonly Utf8KeyedCache<LabelSet> _series;
    private readonly IExpositionSink _sink;
    private readonly List<ExpositionError> _errors;
    private readonly LabelScratch _labels = new();
    private readonly LabelScratch _exemplarLabels = new();
    private readonly FamilyState _family = new();
    private byte[] _unescape = new byte[256];
    private byte[] _key = new byte[256];
    private Label[] _labelBuffer = new Label[16];
    private bool _seenEof;

    public TextDecoder(bool openMetrics, ExpositionReadOptions options, ExpositionCache cache, IExpositionSink sink, List<ExpositionError> errors)
    {
        _openMetrics = openMetrics;
        _options = options;
        _cache = cache;
        _series = cache.TextSeries(openMetrics, options.KeepEmptyLabelValues);
        _sink = sink;
        _errors = errors;
    }

    public long Samples { get; private set; }

    /// <summary>Exemplars on the samples delivered.</summary>
    public long Exemplars { get; private set; }

    /// <summary>True once reading should stop (first error in scrape mode, or error limit).</summary>
    public bool Stopped { get; private set; }

    public void ProcessLine(ReadOnlySpan<byte> line, int lineNumber)
    {
        if (_seenEof)
        {
            AddError(lineNumber, line, 0, "unexpected content after \"# EOF\"");
            Stopped = true;
            return;
        }
        if (TryProcessPredictedSample(line, lineNumber))
        {
            return;
        }
        if (!TextLineParser.TryParse(line, _openMetrics, _labels, _exemplarLabels, out var parsed, out var syntax))
        {
            AddError(lineNumber, line, syntax.Offset, syntax.Message);
            if (parsed.Kind == TextLineKind.Sample && parsed.Name.Length > 0 && _options.Strict)
            {
                // Note: keep family tracking in step so that one bad value does not cascade.
                ResolveFamily(parsed.Name, lineNumber, line, sampleOffset: 0, noteOnly: true);
            }
            return;
        }
        switch (parsed.Kind)
        {
            case TextLineKind.Blank:
            case TextLineKind.Comment:
                return;
            case TextLineKind.Eof:
                _seenEof = true;
                return;
            case TextLineKind.Help:
            case TextLineKind.Type:
            case TextLineKind.Unit:
                OnMetadata(ref parsed, line, lineNumber);
                return;
            default:
                OnSample(ref parsed, line, lineNumber);
                return;
        }
    }

    /// <summary>
    /// The steady-state path: the line starts with the series that followed the previous one last
    /// time, so its label block needs neither parsing nor a hash lookup (see <see cref="Utf8KeyedCache{T}"/>).
    /// False when the line is anything else; it then takes the general path.
    /// </summary>
    private bool TryProcessPredictedSample(ReadOnlySpan<byte> line, int lineNumber)
    {
        if (!_series.TryPeekNext(out var key, out var series) || !line.StartsWith(key)
            || !TextLineParser.IsSeriesEnd(line, key.Length, _openMetrics))
        {
            return false;
        }
        var parsed = default(TextLine);
        parsed.Kind = TextLineKind.Sample;
        parsed.Name = line[..TextLineParser.ScanMetricName(line, 0)];
        parsed.SeriesKey = line[..key.Length];
        if (!TextLineParser.TryParseSampleTail(line, key.Length, _openMetrics, _exemplarLabels, ref parsed, out var syntax))
        {
            AddError(lineNumber, line, syntax.Offset, syntax.Message);
            if (_options.Strict)
            {
                ResolveFamily(parsed.Name, lineNumber, line, sampleOffset: 0, noteOnly: true);
            }
            return true;
        }
        _series.TakeNext();
        OnSample(ref parsed, line, lineNumber, series);
        return true;
    }

    /// <summary>Called once after the last line.</summary>
    public void Finish(int lastLineNumber, bool endedWithoutNewline)
    {
        if (Stopped)
        {
            return;
        }
        if (_openMetrics && !_seenEof)
        {
            AddError(Math.Max(1, lastLineNumber), default, 0, "missing \"# EOF\" at the end of an OpenMetrics body");
        }
        else if (!_openMetrics && endedWithoutNewline && _options.Strict)
        {
            AddError(lastLineNumber, default, 0, "the last line must end with a newline");
        }
        FinishRules(lastLineNumber);
    }

    private void OnMetadata(ref TextLine parsed, ReadOnlySpan<byte> line, int lineNumber)
    {
        if (!_family.Is(parsed.Name))
        {
            StartFamily(parsed.Name, lineNumber, explicitMetadata: true);
        }
        var text = parsed.Text;
        if (parsed.Kind == TextLineKind.Type)
        {
            if (!TryParseType(text, out var type))
            {
                int offset = line.Length - text.Length;
                AddError(lineNumber, line, offset, $"unknown metric type \"{TextLineParser.Printable(text)}\"");
                return;
            }
            CheckMetadataRules(parsed.Kind, lineNumber, line);
            _family.Type = type;
            _family.HasType = true;
            CheckTypeUnitRules(lineNumber, line, unitNonEmpty: !_family.Unit.IsEmpty);
        }
        else if (parsed.Kind == TextLineKind.Help)
        {
            CheckMetadataRules(parsed.Kind, lineNumber, line);
            _family.SetHelp(text);
        }
        else
        {
            CheckMetadataRules(parsed.Kind, lineNumber, line);
            CheckUnitRules(text, lineNumber, line);
            _family.SetUnit(text);
        }
        _family.Metadata = null;
    }

    private void OnSample(ref TextLine parsed, ReadOnlySpan<byte> line, int lineNumber, LabelSet? known = null)
    {
        ResolveFamily(parsed.Name, lineNumber, line, sampleOffset: 0, noteOnly: false);
        var series = known ?? GetSeries(parsed.SeriesKey, parsed.Name, line, lineNumber);
        if (series is null)
        {
            return;
        }
        var family = _family.Metadata ??= BuildMetadata();
        if ((_options.Strict || _options.Lint) && !CheckSampleRules(ref parsed, series, line, lineNumber))
        {
            return;
        }
        Samples++;
        if (parsed.HasExemplar)
        {
            Exemplars++;
        }
        _sink.OnSample(new ExposedSample(family, series, parsed.Value, parsed.HasTimestamp ? parsed.TimestampMs : null));
    }

    private void ResolveFamily(ReadOnlySpan<byte> sampleName, int lineNumber, ReadOnlySpan<byte> line, int sampleOffset, bool noteOnly)
    {
        _ = sampleOffset;
        if (_family.HasName && MetricNames.BelongsTo(sampleName, _family.Name, _family.Type))
        {
            NoteSampleInFamily(lineNumber);
            return;
        }
        _ = noteOnly;
        _ = line;
        StartFamily(sampleName, lineNumber, explicitMetadata: false);
        NoteSampleInFamily(lineNumber);
    }

    private void StartFamily(ReadOnlySpan<byte> name, int lineNumber, bool explicitMetadata)
    {
        OnFamilyEnding(lineNumber);
        _family.Reset(name, _openMetrics ? MetricType.Untyped : MetricType.Untyped);
        OnFamilyStarted(name, lineNumber, explicitMetadata);
    }

    private MetricFamilyInfo BuildMetadata()
    {
        var name = _family.Name;
        var help = _family.Help;
        var unit = _family.Unit;
        int length = name.Length + help.Length + unit.Length + 3;
        EnsureCapacity(ref _key, length);
        var key = _key.AsSpan(0, length);
        key[0] = (byte)_family.Type;
        name.CopyTo(key[1..]);
        key[1 + name.Length] = 0xff;
        help.CopyTo(key[(2 + name.Length)..]);
        key[2 + name.Length + help.Length] = 0xff;
        unit.CopyTo(key[(3 + name.Length + help.Length)..]);
        if (_cache.Metadata.TryGet(key, out var cached, out uint hash))
        {
            return cached;
        }
        var metadata = new MetricFamilyInfo(
            _cache.Strings.Intern(name), _family.Type, Encoding.UTF8.GetString(Unescape(help, isHelp: true)), _cache.Strings.Intern(unit));
        _cache.Metadata.Add(key, hash, metadata);
        return metadata;
    }

    private LabelSet? GetSeries(ReadOnlySpan<byte> seriesKey, ReadOnlySpan<byte> name, ReadOnlySpan<byte> line, int lineNumber)
    {
        if (_series.TryGet(seriesKey, out var cached, out uint hash))
        {
            return cached;
        }
        int count = _labels.Count + 1;
        if (_labelBuffer.Length < count)
        {
            _labelBuffer = new Label[Math.Max(count, _labelBuffer.Length * 2)];
        }
        var buffer = _labelBuffer;
        buffer[0] = new Label(Label.MetricName, _cache.Strings.Intern(name));
        for (int i = 0; i < _labels.Count; i++)
        {
            ref var r = ref _labels[i];
            var raw = line.Slice(r.ValueStart, r.ValueLength);
            if (!System.Text.Unicode.Utf8.IsValid(raw))
            {
                AddError(lineNumber, line, r.ValueStart, "label value is not valid UTF-8");
                return null;
            }
            var value = r.ValueEscaped ? Unescape(raw, isHelp: false) : raw;
            buffer[i + 1] = new Label(_cache.Strings.Intern(line.Slice(r.NameStart, r.NameLength)), _cache.Strings.Intern(value));
        }
        var sorted = buffer.AsSpan(0, count).ToArray();
        Array.Sort(sorted, static (a, b) => CodePointOrder.Compare(a.Name, b.Name));
        for (int i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Name == sorted[i - 1].Name)
            {
                AddError(lineNumber, line, FindLabelOffset(line, sorted[i].Name), $"duplicate label name \"{sorted[i].Name}\"");
                return null;
            }
        }
        // Note: Prometheus drops labels with empty values when it ingests a sample (after honor_labels,
        // which needs them: see ExpositionReadOptions.KeepEmptyLabelValues).
        int kept = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            if (sorted[i].Value.Length > 0 || _options.KeepEmptyLabelValues)
            {
                sorted[kept++] = sorted[i];
            }
        }
        var set = LabelSet.FromSortedUnsafe(kept == sorted.Length ? sorted : sorted[..kept]);
        _series.Add(seriesKey, hash, set);
        return set;
    }

    private int FindLabelOffset(ReadOnlySpan<byte> line, string name)
    {
        for (int i = _labels.Count - 1; i >= 0; i--)
        {
            ref var r = ref _labels[i];
            if (Encoding.UTF8.GetString(line.Slice(r.NameStart, r.NameLength)) == name)
            {
                return r.NameStart;
            }
        }
        return 0;
    }

    /// <summary>Resolves <c>\\</c>, <c>\n</c> and (except in 0.0.4 HELP) <c>\"</c>; other escapes stay as written.</summary>
    private ReadOnlySpan<byte> Unescape(ReadOnlySpan<byte> raw, bool isHelp)
    {
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return raw;
        }
        EnsureCapacity(ref _unescape, raw.Length);
        int n = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            byte c = raw[i];
            if (c == (byte)'\\' && i + 1 < raw.Length)
            {
                byte next = raw[i + 1];
                if (next == (byte)'\\' || next == (byte)'n' || (next == (byte)'"' && (_openMetrics || !isHelp)))
                {
                    _unescape[n++] = next == (byte)'n' ? (byte)'\n' : next;
                    i++;
                    continue;
                }
            }
            _unescape[n++] = c;
        }
        return _unescape.AsSpan(0, n);
    }

    private bool TryParseType(ReadOnlySpan<byte> word, out MetricType type)
    {
        type = MetricType.Untyped;
        if (word.SequenceEqual("counter"u8))
        {
            type = MetricType.Counter;
        }
        else if (word.SequenceEqual("gauge"u8))
        {
            type = MetricType.Gauge;
        }
        else if (word.SequenceEqual("histogram"u8))
        {
            type = MetricType.Histogram;
        }
        else if (word.SequenceEqual("summary"u8))
        {
            type = MetricType.Summary;
        }
        else if (!_openMetrics && word.SequenceEqual("untyped"u8))
        {
            type = MetricType.Untyped;
        }
        else if (_openMetrics && word.SequenceEqual("unknown"u8))
        {
            type = MetricType.Untyped;
        }
        else if (_openMetrics && word.SequenceEqual("gaugehistogram"u8))
        {
            type = MetricType.GaugeHistogram;
        }
        else if (_openMetrics && word.SequenceEqual("stateset"u8))
        {
            type = MetricType.StateSet;
        }
        else if (_openMetrics && word.SequenceEqual("info"u8))
        {
            type = MetricType.Info;
        }
        else
        {
            return false;
        }
        return true;
    }

    /// <summary>Reports a problem found outside line parsing and stops.</summary>
    public void FailLine(int lineNumber, string message)
    {
        AddError(lineNumber, default, 0, message);
        Stopped = true;
    }

    private void AddError(int lineNumber, ReadOnlySpan<byte> line, int offset, string message)
    {
        if (_errors.Count < _options.MaxErrors)
        {
            int column = Encoding.UTF8.GetCharCount(line[..Math.Min(offset, line.Length)]) + 1;
            _errors.Add(new ExpositionError(lineNumber, column, message));
        }
        if (_options.StopAtFirstError || _errors.Count >= _options.MaxErrors)
        {
            Stopped = true;
        }
    }

    private static void EnsureCapacity(ref byte[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new byte[Math.Max(length, buffer.Length * 2)];
        }
    }
}

using System.Text;
using System.Text.Unicode;
using Aggregator.Shared.Model;
using Snappier;

namespace Aggregator.Shared.RemoteWrite;

/// <summary>
/// Decodes and validates remote-write 1.0 request bodies under <see cref="RemoteWriteLimits"/>.
/// Every malformed, oversized or invalid input yields a <see cref="RemoteWriteError"/> naming what
/// and where; nothing throws. Label checks follow Prometheus: valid UTF-8, legal label names, a legal
/// non-empty <c>__name__</c>, names sorted by bytes and unique. Labels with empty values are dropped
/// (Prometheus treats an empty value as an absent label).
/// </summary>
public static partial class RemoteWriteDecoder
{
    private const int TimeseriesField = 1;
    private const int MetadataField = 3;

    /// <summary>Decodes a snappy-compressed body.</summary>
    public static RemoteWriteDecodeResult Decode(ReadOnlySpan<byte> compressed, RemoteWriteLimits? limits = null)
    {
        limits ??= RemoteWriteLimits.Default;
        if (compressed.Length > limits.MaxCompressedBytes)
        {
            return new RemoteWriteError(RemoteWriteErrorKind.BodyTooLarge,
                $"compressed body of {compressed.Length} bytes exceeds the limit of {limits.MaxCompressedBytes} (limit request-body-size)");
        }
        if (!SnappyBlock.TryReadDecodedLength(compressed, out long decodedLength))
        {
            return new RemoteWriteError(RemoteWriteErrorKind.InvalidSnappy, "body is not snappy block format: bad length header", Offset: 0);
        }
        if (decodedLength > limits.MaxDecodedBytes)
        {
            return new RemoteWriteError(RemoteWriteErrorKind.DecodedBodyTooLarge,
                $"decoded body of {decodedLength} bytes exceeds the limit of {limits.MaxDecodedBytes} (limit decoded-body-size)");
        }
        byte[] raw;
        try
        {
            raw = Snappy.DecompressToArray(compressed);
        }
        catch (Exception e)
        {
            // Note: Snappier reports corrupt input as InvalidDataException, a truncated one possibly otherwise; all mean a bad body.
            return new RemoteWriteError(RemoteWriteErrorKind.InvalidSnappy, "body is not valid snappy block format: " + e.Message);
        }
        return DecodeProtobuf(raw, limits);
    }

    /// <summary>Decodes an uncompressed protobuf <c>WriteRequest</c>.</summary>
    public static RemoteWriteDecodeResult DecodeProtobuf(ReadOnlySpan<byte> raw, RemoteWriteLimits? limits = null)
    {
        limits ??= RemoteWriteLimits.Default;
        if (raw.Length > limits.MaxDecodedBytes)
        {
            return new RemoteWriteError(RemoteWriteErrorKind.DecodedBodyTooLarge,
                $"decoded body of {raw.Length} bytes exceeds the limit of {limits.MaxDecodedBytes} (limit decoded-body-size)");
        }
        var reader = new ProtoReader(raw, 0);
        var series = new List<WriteSeries>();
        var metadata = new List<RemoteMetadata>();
        var labels = new List<Label>();
        long samples = 0;
        while (!reader.End)
        {
            int at = reader.Offset;
            if (!reader.TryReadTag(out int field, out int wireType))
            {
                return Malformed(at, "bad field tag in WriteRequest");
            }
            if (field is TimeseriesField or MetadataField)
            {
                if (wireType != ProtoWire.LengthDelimited)
                {
                    return Malformed(at, $"WriteRequest field {field} has wire type {wireType}, expected 2");
                }
                if (!reader.TryReadBytes(out var payload, out int payloadOffset))
                {
                    return Malformed(at, $"WriteRequest field {field} is truncated");
                }
                RemoteWriteError? error;
                if (field == TimeseriesField)
                {
                    if (series.Count >= limits.MaxSeriesPerRequest)
                    {
                        return new RemoteWriteError(RemoteWriteErrorKind.TooManySeries,
                            $"more than {limits.MaxSeriesPerRequest} series in one request (limit series-per-request)", series.Count);
                    }
                    error = DecodeSeries(payload, payloadOffset, series.Count, limits, labels, out var one);
                    if (one is not null)
                    {
                        samples += one.Samples.Count + one.Histograms.Count;
                        if (samples > limits.MaxSamplesPerRequest)
                        {
                            return new RemoteWriteError(RemoteWriteErrorKind.TooManySamples,
                                $"more than {limits.MaxSamplesPerRequest} samples in one request (limit samples-per-request)", series.Count, Series: RemoteWriteSeriesText.Of(one.Labels));
                        }
                        series.Add(one);
                    }
                }
                else
                {
                    if (metadata.Count >= limits.MaxMetadataPerRequest)
                    {
                        return new RemoteWriteError(RemoteWriteErrorKind.TooManyMetadata,
                            $"more than {limits.MaxMetadataPerRequest} metadata entries in one request (limit metadata-per-request)");
                    }
                    error = DecodeMetadata(payload, payloadOffset, out var one);
                    if (one is not null)
                    {
                        metadata.Add(one);
                    }
                }
                if (error is not null)
                {
                    return error;
                }
            }
            else if (!reader.TrySkip(wireType))
            {
                return Malformed(at, $"unknown WriteRequest field {field} is malformed");
            }
        }
        return new WriteBatch(series, metadata);
    }

    private static RemoteWriteError? DecodeSeries(ReadOnlySpan<byte> data, int baseOffset, int index, RemoteWriteLimits limits, List<Label> labels, out WriteSeries? result)
    {
        result = null;
        labels.Clear();
        var samples = new List<Sample>();
        List<RemoteHistogram>? histograms = null;
        int exemplars = 0;
        RemoteWriteError? tooLong = null;
        var reader = new ProtoReader(data, baseOffset);
        while (!reader.End)
        {
            int at = reader.Offset;
            if (!reader.TryReadTag(out int field, out int wireType))
            {
                return Malformed(at, "bad field tag in TimeSeries", index);
            }
            if (field is >= 1 and <= 4 && wireType != ProtoWire.LengthDelimited)
            {
                return Malformed(at, $"TimeSeries field {field} has wire type {wireType}, expected 2", index);
            }
            if (field is < 1 or > 4)
            {
                if (!reader.TrySkip(wireType))
                {
                    return Malformed(at, $"unknown TimeSeries field {field} is malformed", index);
                }
                continue;
            }
            if (!reader.TryReadBytes(out var payload, out int payloadOffset))
            {
                return Malformed(at, $"TimeSeries field {field} is truncated", index);
            }
            RemoteWriteError? error = null;
            switch (field)
            {
                case 1:
                    if (labels.Count >= limits.MaxLabelsPerSeries)
                    {
                        return new RemoteWriteError(RemoteWriteErrorKind.TooManyLabels,
                            $"more than {limits.MaxLabelsPerSeries} labels on one series (limit labels-per-series)", index, Series: RemoteWriteSeriesText.Of(labels));
                    }
                    error = DecodeLabel(payload, payloadOffset, index, limits, labels);
                    if (error is { Kind: RemoteWriteErrorKind.LabelNameTooLong or RemoteWriteErrorKind.LabelValueTooLong })
                    {
                        // Note: reported once the whole series is read, so that the answer can name it.
                        tooLong ??= error;
                        error = null;
                    }
                    break;
                case 2:
                    error = DecodeSample(payload, payloadOffset, index, samples);
                    break;
                case 4:
                    error = DecodeHistogram(payload, payloadOffset, index, out var h);
                    if (h is not null)
                    {
                        (histograms ??= []).Add(h);
                    }
                    break;
                default:
                    // Note: exemplars (3) are counted for the batch checks, which refuse them by name
                    // (never 204-and-drop); their content is not kept.
                    exemplars++;
                    break;
            }
            if (error is not null)
            {
                return error;
            }
        }
        if (tooLong is not null)
        {
            return tooLong with { Series = RemoteWriteSeriesText.Of(labels) };
        }
        var validation = ValidateLabels(labels, index, out var labelSet);
        if (validation is not null)
        {
            return validation;
        }
        result = new WriteSeries(labelSet!, samples, histograms is null ? [] : histograms) { ExemplarCount = exemplars };
        return null;
    }

    private static RemoteWriteError? DecodeLabel(ReadOnlySpan<byte> data, int baseOffset, int index, RemoteWriteLimits limits, List<Label> labels)
    {
        var reader = new ProtoReader(data, baseOffset);
        string name = string.Empty, value = string.Empty;
        RemoteWriteError? tooLong = null;
        while (!reader.End)
        {
            int at = reader.Offset;
            if (!reader.TryReadTag(out int field, out int wireType))
            {
                return Malformed(at, "bad field tag in Label", index);
            }
            if (field is 1 or 2 && wireType == ProtoWire.LengthDelimited)
            {
                if (!reader.TryReadBytes(out var bytes, out _))
                {
                    return Malformed(at, $"Label field {field} is truncated", index);
                }
                if (!Utf8.IsValid(bytes))
                {
                    string what = field == 1 ? "label name" : "label value";
                    return new RemoteWriteError(RemoteWriteErrorKind.InvalidUtf8, $"{what} is not valid UTF-8", index,
                        field == 1 ? Encoding.UTF8.GetString(bytes) : name, at);
                }
                int max = field == 1 ? limits.MaxLabelNameBytes : limits.MaxLabelValueBytes;
                if (bytes.Length > max)
                {
                    // Note: an over-long string is never interned or kept whole; a shortened copy names it.
                    string shortened = RemoteWriteSeriesText.Shorten(bytes);
                    tooLong = field == 1
                        ? new RemoteWriteError(RemoteWriteErrorKind.LabelNameTooLong,
                            $"label name of {bytes.Length} bytes exceeds the limit of {max} (limit label-name-length)", index, shortened, at)
                        : new RemoteWriteError(RemoteWriteErrorKind.LabelValueTooLong,
                            $"label value of {bytes.Length} bytes exceeds the limit of {max} (limit label-value-length)", index, name, at);
                    _ = field == 1 ? name = shortened : value = shortened;
                }
                else if (field == 1)
                {
                    name = LabelStrings.Get(bytes);
                }
                else
                {
                    value = Encoding.UTF8.GetString(bytes);
                }
            }
            else if (field is 1 or 2)
            {
                return Malformed(at, $"Label field {field} has wire type {wireType}, expected 2", index);
            }
            else if (!reader.TrySkip(wireType))
            {
                return Malformed(at, $"unknown Label field {field} is malformed", index);
            }
        }
        labels.Add(new Label(name, value));
        return tooLong is null ? null : tooLong with { LabelName = name };
    }

    private static RemoteWriteError? DecodeSample(ReadOnlySpan<byte> data, int baseOffset, int index, List<Sample> samples)
    {
        var reader = new ProtoReader(data, baseOffset);
        double value = 0;
        long timestamp = 0;
        while (!reader.End)
        {
            int at = reader.Offset;
            if (!reader.TryReadTag(out int field, out int wireType))
            {
                return Malformed(at, "bad field tag in Sample", index);
            }
            bool ok = (field, wireType) switch
            {
                (1, ProtoWire.Fixed64) => reader.TryReadDouble(out value),
                (2, ProtoWire.Varint) => TryReadInt64(ref reader, out timestamp),
                (1 or 2, _) => false,
                _ => reader.TrySkip(wireType),
            };
            if (!ok)
            {
                return Malformed(at, $"Sample field {field} (wire type {wireType}) is malformed", index);
            }
        }
        samples.Add(new Sample(timestamp, value));
        return null;
    }

    private static bool TryReadInt64(ref ProtoReader reader, out long value)
    {
        bool ok = reader.TryReadVarint(out ulong raw);
        value = (long)raw;
        return ok;
    }

    private static RemoteWriteError Malformed(int offset, string message, int? series = null) =>
        new(RemoteWriteErrorKind.InvalidProtobuf, message, series, null, offset);
}

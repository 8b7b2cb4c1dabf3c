using System.Text;
using System.Text.Unicode;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.RemoteWrite;

/// <summary>Label-set validation and metadata decoding of <see cref="RemoteWriteDecoder"/>.</summary>
public static partial class RemoteWriteDecoder
{
    private static RemoteWriteError? ValidateLabels(List<Label> labels, int index, out LabelSet? result)
    {
        result = null;
        bool hasName = false;
        int kept = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            var label = labels[i];
            if (!LabelRules.IsValidLabelName(label.Name))
            {
                return new RemoteWriteError(RemoteWriteErrorKind.InvalidLabelName,
                    label.Name.Length == 0 ? "empty label name" : "invalid label name", index, label.Name);
            }
            if (i > 0)
            {
                int c = CodePointOrder.Compare(labels[i - 1].Name, label.Name);
                if (c == 0)
                {
                    return new RemoteWriteError(RemoteWriteErrorKind.DuplicateLabelName, "duplicate label name", index, label.Name);
                }
                if (c > 0)
                {
                    return new RemoteWriteError(RemoteWriteErrorKind.UnsortedLabels,
                        $"labels not sorted: \"{label.Name}\" follows \"{labels[i - 1].Name}\"", index, label.Name);
                }
            }
            if (label.Name == Label.MetricName)
            {
                if (label.Value.Length == 0)
                {
                    return new RemoteWriteError(RemoteWriteErrorKind.MissingMetricName, "empty metric name", index, label.Name);
                }
                if (!LabelRules.IsValidMetricName(label.Value))
                {
                    return new RemoteWriteError(RemoteWriteErrorKind.InvalidMetricName, $"invalid metric name \"{label.Value}\"", index, label.Name);
                }
                hasName = true;
            }
            if (label.Value.Length > 0)
            {
                kept++;
            }
        }
        if (!hasName)
        {
            return new RemoteWriteError(RemoteWriteErrorKind.MissingMetricName, "series has no __name__ label", index);
        }
        var array = new Label[kept];
        int at = 0;
        foreach (var label in labels)
        {
            if (label.Value.Length > 0)
            {
                array[at++] = label;
            }
        }
        result = LabelSet.FromSortedUnsafe(array);
        return null;
    }

    private static RemoteWriteError? DecodeMetadata(ReadOnlySpan<byte> data, int baseOffset, out RemoteMetadata? result)
    {
        result = null;
        var reader = new ProtoReader(data, baseOffset);
        var type = MetricType.Untyped;
        string family = string.Empty, help = string.Empty, unit = string.Empty;
        while (!reader.End)
        {
            int at = reader.Offset;
            if (!reader.TryReadTag(out int field, out int wireType))
            {
                return Malformed(at, "bad field tag in MetricMetadata");
            }
            if (field == 1 && wireType == ProtoWire.Varint)
            {
                if (!reader.TryReadVarint(out ulong raw))
                {
                    return Malformed(at, "MetricMetadata type is truncated");
                }
                // Note: an enum value from a newer sender is kept as unknown (proto3 open enums).
                type = raw <= (ulong)MetricType.StateSet ? (MetricType)raw : MetricType.Untyped;
            }
            else if (field is 2 or 4 or 5 && wireType == ProtoWire.LengthDelimited)
            {
                if (!reader.TryReadBytes(out var bytes, out _))
                {
                    return Malformed(at, $"MetricMetadata field {field} is truncated");
                }
                if (!Utf8.IsValid(bytes))
                {
                    return new RemoteWriteError(RemoteWriteErrorKind.InvalidUtf8, $"MetricMetadata field {field} is not valid UTF-8", Offset: at);
                }
                string s = Encoding.UTF8.GetString(bytes);
                _ = field switch
                {
                    2 => family = s,
                    4 => help = s,
                    _ => unit = s,
                };
            }
            else if (field is 1 or 2 or 4 or 5)
            {
                return Malformed(at, $"MetricMetadata field {field} has wire type {wireType}");
            }
            else if (!reader.TrySkip(wireType))
            {
                return Malformed(at, $"unknown MetricMetadata field {field} is malformed");
            }
        }
        result = new RemoteMetadata(type, family, help, unit);
        return null;
    }
}

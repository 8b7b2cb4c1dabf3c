using Aggregator.Shared.Model;

namespace Aggregator.Shared.Exposition.Writing;

/// <summary>
/// The protobuf encoding (<c>Metric</c> field 1, a <c>LabelPair</c>) of the few labels a writer appends to every
/// series (/federate's external labels), encoded once per writer, found by string identity as in
/// <see cref="EncodedLabelCache"/>.
/// </summary>
internal sealed class EncodedProtoLabelCache
{
    private const int Capacity = 8;

    private readonly Label[] _labels = new Label[Capacity];
    private readonly byte[][] _encoded = new byte[Capacity][];
    private int _count;
    private int _next;

    public ReadOnlySpan<byte> Encode(Label label, ProtobufExpositionWriter writer)
    {
        for (int i = 0; i < _count; i++)
        {
            if (ReferenceEquals(_labels[i].Name, label.Name) && ReferenceEquals(_labels[i].Value, label.Value))
            {
                return _encoded[i];
            }
        }
        var encoded = writer.Encode([label]);
        // Note: more distinct appended labels than entries only costs re-encoding (round robin).
        int slot = _count < Capacity ? _count++ : _next++ % Capacity;
        _labels[slot] = label;
        _encoded[slot] = encoded;
        return encoded;
    }
}

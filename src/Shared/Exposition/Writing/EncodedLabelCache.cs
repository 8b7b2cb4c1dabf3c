using System.Text;
using Aggregator.Shared.Model;

namespace Aggregator.Shared.Exposition.Writing;

/// <summary>
/// The text spelling <c>name="escaped value"</c> of the few labels a writer appends to every series
/// (/federate's external labels), encoded once per writer. Entries are found by string identity: the
/// appended labels are the same instances on every call, so a lookup is a couple of pointer compares.
/// </summary>
internal sealed class EncodedLabelCache
{
    private const int Capacity = 8;

    private readonly Label[] _labels = new Label[Capacity];
    private readonly byte[][] _encoded = new byte[Capacity][];
    private int _count;
    private int _next;

    public ReadOnlySpan<byte> Encode(Label label)
    {
        for (int i = 0; i < _count; i++)
        {
            if (ReferenceEquals(_labels[i].Name, label.Name) && ReferenceEquals(_labels[i].Value, label.Value))
            {
                return _encoded[i];
            }
        }
        var encoded = Spell(label);
        // Note: more distinct appended labels than entries only costs re-encoding (round robin).
        int slot = _count < Capacity ? _count++ : _next++ % Capacity;
        _labels[slot] = label;
        _encoded[slot] = encoded;
        return encoded;
    }

    private static byte[] Spell(Label label)
    {
        var text = new StringBuilder(label.Name.Length + label.Value.Length + 3);
        text.Append(label.Name).Append("=\"");
        foreach (char c in label.Value)
        {
            text.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                _ => c.ToString(),
            });
        }
        text.Append('"');
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}

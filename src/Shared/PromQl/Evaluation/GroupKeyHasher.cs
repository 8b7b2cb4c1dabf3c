using Aggregator.Shared.Model;

namespace Aggregator.Shared.PromQl.Evaluation;

/// <summary>
/// <see cref="GroupingKey.Of(LabelSet, bool, string[], bool)"/> for the many series of one
/// aggregation, with the same keys. For <c>by</c>, the label values are found in one merge walk
/// over the sorted labels and sorted names, and each value's hash is remembered by reference:
/// series of one group share their value strings (the store interns them), so hashing a series
/// is mostly pointer compares.
/// </summary>
internal sealed class GroupKeyHasher
{
    private readonly string[] _names;
    private readonly bool _without;
    private readonly ulong[] _nameHashes;
    private readonly string?[] _lastValues;
    private readonly ulong[] _lastValueHashes;

    /// <param name="names">Grouping names, sorted in code-point order and distinct.</param>
    /// <param name="without">True for <c>without</c>/<c>ignoring</c>.</param>
    public GroupKeyHasher(string[] names, bool without)
    {
        _names = names;
        _without = without;
        _nameHashes = new ulong[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            _nameHashes[i] = GroupingKey.StringHash(names[i]);
        }
        _lastValues = new string?[names.Length];
        _lastValueHashes = new ulong[names.Length];
    }

    public ulong Of(in VectorSample sample) => Of(sample.Labels, sample.DropName);

    public ulong Of(LabelSet labels, bool dropName)
    {
        if (_without)
        {
            return GroupingKey.Of(labels, true, _names, include: false);
        }
        var hasher = new GroupingKey.Hasher();
        var span = labels.AsSpan();
        int j = 0;
        for (int i = 0; i < _names.Length; i++)
        {
            var name = _names[i];
            string value = string.Empty;
            while (j < span.Length)
            {
                int c = CodePointOrder.Compare(span[j].Name, name);
                if (c < 0)
                {
                    j++;
                    continue;
                }
                if (c == 0)
                {
                    value = span[j].Value;
                }
                break;
            }
            if (value.Length == 0 || (dropName && name == Label.MetricName))
            {
                continue;
            }
            if (!ReferenceEquals(value, _lastValues[i]))
            {
                _lastValues[i] = value;
                _lastValueHashes[i] = GroupingKey.StringHash(value);
            }
            hasher.AddHashed(_nameHashes[i], name.Length);
            hasher.AddHashed(_lastValueHashes[i], value.Length);
        }
        return hasher.Finish();
    }
}

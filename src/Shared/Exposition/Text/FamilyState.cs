using Aggregator.Shared.Model;

namespace Aggregator.Shared.Exposition.Text;

/// <summary>The metric family a text decoder is inside: raw name, metadata, and what has been seen.</summary>
internal sealed class FamilyState
{
    private byte[] _name = new byte[128];
    private byte[] _help = new byte[256];
    private byte[] _unit = new byte[32];
    private int _nameLength;
    private int _helpLength;
    private int _unitLength;

    public bool HasName { get; private set; }

    public MetricType Type { get; set; }

    public bool HasType { get; set; }

    public bool HasHelp { get; private set; }

    public bool HasUnit { get; private set; }

    public int SampleCount { get; set; }

    /// <summary>Built on the first sample and reused until the metadata changes.</summary>
    public MetricFamilyInfo? Metadata { get; set; }

    public ReadOnlySpan<byte> Name => _name.AsSpan(0, _nameLength);

    public ReadOnlySpan<byte> Help => _help.AsSpan(0, _helpLength);

    public ReadOnlySpan<byte> Unit => _unit.AsSpan(0, _unitLength);

    public bool Is(ReadOnlySpan<byte> name) => HasName && name.SequenceEqual(Name);

    public void Reset(ReadOnlySpan<byte> name, MetricType type)
    {
        Copy(name, ref _name, out _nameLength);
        HasName = true;
        Type = type;
        HasType = false;
        HasHelp = false;
        HasUnit = false;
        _helpLength = 0;
        _unitLength = 0;
        SampleCount = 0;
        Metadata = null;
    }

    public void SetHelp(ReadOnlySpan<byte> help)
    {
        Copy(help, ref _help, out _helpLength);
        HasHelp = true;
    }

    public void SetUnit(ReadOnlySpan<byte> unit)
    {
        Copy(unit, ref _unit, out _unitLength);
        HasUnit = true;
    }

    private static void Copy(ReadOnlySpan<byte> source, ref byte[] target, out int length)
    {
        if (target.Length < source.Length)
        {
            target = new byte[Math.Max(source.Length, target.Length * 2)];
        }
        source.CopyTo(target);
        length = source.Length;
    }
}

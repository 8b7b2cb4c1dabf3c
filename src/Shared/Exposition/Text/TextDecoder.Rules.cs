using Aggregator.Shared.Model;

namespace Aggregator.Shared.Exposition.Text;

/// <summary>Semantic rules applied when <see cref="ExpositionReadOptions.Strict"/> is set.</summary>
internal sealed partial class TextDecoder
{
    private readonly HashSet<string> _finishedFamilies = new(StringComparer.Ordinal);

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
        if (repeated)
        {
            AddError(lineNumber, line, 0, $"second {what} line for metric family \"{System.Text.Encoding.UTF8.GetString(_family.Name)}\"");
        }
        else if (_family.SampleCount > 0)
        {
            AddError(lineNumber, line, 0, $"{what} line for metric family \"{System.Text.Encoding.UTF8.GetString(_family.Name)}\" after its samples");
        }
    }

    private void CheckUnitRules(ReadOnlySpan<byte> unit, int lineNumber, ReadOnlySpan<byte> line)
    {
        _ = unit;
        _ = lineNumber;
        _ = line;
    }

    private bool CheckSampleRules(ref TextLine parsed, LabelSet series, ReadOnlySpan<byte> line, int lineNumber)
    {
        _ = parsed;
        _ = series;
        _ = line;
        _ = lineNumber;
        return true;
    }

    private void NoteSampleInFamily(int lineNumber)
    {
        _ = lineNumber;
        _family.SampleCount++;
    }

    private void OnFamilyEnding(int lineNumber)
    {
        _ = lineNumber;
        if (_family.HasName && _options.Strict)
        {
            _finishedFamilies.Add(System.Text.Encoding.UTF8.GetString(_family.Name));
        }
    }

    private void OnFamilyStarted(ReadOnlySpan<byte> name, int lineNumber, bool explicitMetadata)
    {
        _ = explicitMetadata;
        if (_options.Strict && _finishedFamilies.Contains(System.Text.Encoding.UTF8.GetString(name)))
        {
            AddError(lineNumber, default, 0, $"metric family \"{System.Text.Encoding.UTF8.GetString(name)}\" appears in more than one group");
        }
    }

    private void FinishRules(int lastLineNumber) => _ = lastLineNumber;
}

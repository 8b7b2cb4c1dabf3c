using System.Text.RegularExpressions;
using Aggregator.Tests.Common;

namespace Aggregator.Shared.Tests.Topology;

/// <summary>docs/operations.md lists every limit of reference.conf with its default (issue 13's "Done when").</summary>
public partial class OperationsDocTests
{
    [Theory]
    [InlineData("limits")]
    [InlineData("server")]
    [InlineData("forward-queue")]
    public void OperationsDoc_EveryKeyOfTheReferenceBlock_ListedInATableRowWithItsDefault(string block)
    {
        var reference = File.ReadAllLines(Path.Combine(RepoPaths.Root, "src", "Shared", "Topology", "reference.conf"));
        var doc = File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "operations.md"));
        var keys = BlockEntries(reference, block);

        Assert.NotEmpty(keys);
        var problems = new List<string>();
        foreach (var (key, value) in keys)
        {
            // Note: a table row names the key in backticks, alone or after its block ("limits.x", "forward-queue.x").
            var row = doc.FirstOrDefault(line => line.StartsWith('|') && (line.Contains($"`{key}`") || line.Contains($"`{block}.{key}`")));
            if (row is null)
            {
                problems.Add($"{block}.{key}: no table row");
            }
            else if (!row.Contains(value, StringComparison.Ordinal))
            {
                problems.Add($"{block}.{key}: default {value} not in its row: {row}");
            }
        }
        Assert.Empty(problems);
    }

    /// <summary>The <c>key = value</c> lines of the first multi-line <paramref name="block"/> { } of reference.conf.</summary>
    private static List<(string Key, string Value)> BlockEntries(string[] lines, string block)
    {
        var entries = new List<(string, string)>();
        int start = Array.FindIndex(lines, l => l.Trim() == block + " {");
        for (int i = start + 1; start >= 0 && i < lines.Length && lines[i].Trim() != "}"; i++)
        {
            var match = Entry().Match(lines[i]);
            if (match.Success)
            {
                entries.Add((match.Groups[1].Value, match.Groups[2].Value));
            }
        }
        return entries;
    }

    [GeneratedRegex(@"^\s*([a-z][a-z0-9-]*)\s*=\s*([^\s#]+)")]
    private static partial Regex Entry();
}

using Aggregator.Shared.Hocon;
using Aggregator.Tests.Common;

namespace Aggregator.Shared.Tests.Hocon;

/// <summary>
/// Every file in TestData is broken on purpose; its first line says where and how:
/// <c># expect: FILE:LINE:COL | text in the message</c>.
/// </summary>
public class HoconBrokenFilesTests
{
    private static readonly string Dir = Path.Combine(RepoPaths.Root, "tests", "Shared.Tests", "Hocon", "TestData");

    public static TheoryData<string> Files() => [.. Directory.GetFiles(Dir, "*.conf").Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(Files))]
    public void LoadFile_BrokenFile_NamesFileLineColumnAndProblem(string name)
    {
        var path = Path.Combine(Dir, name);
        var header = File.ReadLines(path).First();
        Assert.StartsWith("# expect: ", header);
        var parts = header["# expect: ".Length..].Split(" | ", 2);
        var error = Assert.Throws<HoconException>(() => HoconLoader.LoadFile(path, _ => null));
        Assert.Equal(parts[0], $"{Path.GetFileName(error.Position.File)}:{error.Position.Line}:{error.Position.Column}");
        Assert.Contains(parts[1], error.Message);
        Assert.StartsWith(error.Position.ToString(), error.Message);
    }

    [Fact]
    public void Files_CorpusIsNotEmpty() => Assert.True(Files().Count >= 15, $"only {Files().Count} broken files");
}

using Aggregator.Shared.Hocon;

namespace Aggregator.Shared.Tests.Hocon;

/// <summary>Hostile configuration ends in a HoconException naming the limit and file:line:col, never a stack overflow or a huge read.</summary>
public sealed class HoconLimitsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hocon-limits-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void LoadFile_IncludesNestedBeyondTheLimit_ErrorAtTheIncludeNamingTheChain()
    {
        for (int i = 0; i <= HoconIncluder.MaxIncludeDepth + 2; i++)
        {
            Write($"f{i}.conf", $"v{i} = {i}\ninclude \"f{i + 1}.conf\"\n");
        }

        var error = Assert.Throws<HoconException>(() => HoconLoader.LoadFile(Path.Combine(_dir, "f0.conf"), _ => null));

        Assert.Contains($"includes nest deeper than {HoconIncluder.MaxIncludeDepth} files", error.Problem);
        Assert.Contains("f0.conf -> f1.conf", error.Problem);
        Assert.Equal((2, 1), (error.Position.Line, error.Position.Column));
        Assert.EndsWith($"f{HoconIncluder.MaxIncludeDepth}.conf", error.Position.File);
    }

    [Fact]
    public void LoadFile_IncludesWithinTheLimit_Loaded()
    {
        for (int i = 0; i < HoconIncluder.MaxIncludeDepth; i++)
        {
            Write($"f{i}.conf", $"v{i} = {i}\ninclude \"f{i + 1}.conf\"\n");
        }

        var config = HoconLoader.LoadFile(Path.Combine(_dir, "f0.conf"), _ => null);

        Assert.Equal(HoconIncluder.MaxIncludeDepth - 1, config.GetInt($"v{HoconIncluder.MaxIncludeDepth - 1}"));
    }

    [Fact]
    public void LoadFile_IncludedFileOverTheSizeCap_ErrorAtTheInclude()
    {
        Write("big.conf", "a = \"" + new string('x', (int)HoconIncluder.MaxFileBytes) + "\"\n");
        var main = Write("main.conf", "x = 1\ninclude \"big.conf\"\n");

        var error = Assert.Throws<HoconException>(() => HoconLoader.LoadFile(main, _ => null));

        Assert.Contains($"more than the {HoconIncluder.MaxFileBytes} characters", error.Problem);
        Assert.Equal((2, 1), (error.Position.Line, error.Position.Column));
    }

    [Fact]
    public void LoadFile_ManyIncludesTogetherOverTheTotalCap_Error()
    {
        var piece = "a = \"" + new string('x', (int)(HoconIncluder.MaxFileBytes / 2)) + "\"\n";
        int count = (int)(HoconIncluder.MaxTotalBytes / piece.Length) + 2;
        for (int i = 0; i < count; i++)
        {
            Write($"p{i}.conf", piece);
        }
        var main = Write("main.conf", string.Concat(Enumerable.Range(0, count).Select(i => $"include \"p{i}.conf\"\n")));

        var error = Assert.Throws<HoconException>(() => HoconLoader.LoadFile(main, _ => null));

        Assert.Contains($"more than {HoconIncluder.MaxTotalBytes} characters together", error.Problem);
    }

    [Fact]
    public void ParseString_PathKeyDeeperThanTheLimit_Error()
    {
        var key = string.Join('.', Enumerable.Repeat("a", 100_000));

        var error = Assert.Throws<HoconException>(() => HoconLoader.ParseString($"x = 1\n{key} = 1\n"));

        Assert.Contains($"nests objects deeper than {HoconParser.MaxDepth} levels", error.Problem);
        Assert.Equal(2, error.Position.Line);
    }

    [Fact]
    public void ParseString_BracesDeeperThanTheLimit_Error()
    {
        var text = "a = " + string.Concat(Enumerable.Repeat("{ b = ", 100_000)) + "1" + new string('}', 100_000);

        var error = Assert.Throws<HoconException>(() => HoconLoader.ParseString(text));

        Assert.Contains($"deeper than {HoconParser.MaxDepth} levels", error.Problem);
    }

    [Fact]
    public void ParseString_SubstitutionChainDeeperThanTheLimit_Error()
    {
        const int n = 100_000;
        var text = string.Concat(Enumerable.Range(0, n).Select(i => $"k{i} = ${{k{i + 1}}}\n")) + $"k{n} = 1\n";

        Exception? caught = null;
        var thread = new Thread(() => caught = Record.Exception(() => HoconLoader.ParseString(text)), 1 << 20);
        thread.Start();
        thread.Join();

        var error = Assert.IsType<HoconException>(caught);
        Assert.Contains($"more than {HoconResolver.MaxSubstitutionDepth} levels deep", error.Problem);
    }
}

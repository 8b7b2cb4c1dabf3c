using Aggregator.Shared.Hocon;

namespace Aggregator.Shared.Tests.Hocon;

public sealed class HoconIncluderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hocon-include-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Include_RelativeToIncludingFile_MergesInPlace()
    {
        Write("conf/sub/defaults.conf", "x = 1\ny = 2\nz { a = 1 }");
        var main = Write("conf/main.conf", "y = 0\ninclude \"sub/defaults.conf\"\nx = 10\nz { b = 2 }");
        var config = HoconLoader.LoadFile(main, _ => null);
        Assert.Equal(10, config.GetInt("x"));
        Assert.Equal(2, config.GetInt("y"));
        Assert.Equal(1, config.GetInt("z.a"));
        Assert.Equal(2, config.GetInt("z.b"));
    }

    [Fact]
    public void Include_InsideObject_RelativizesSubstitutions()
    {
        // HOCON.md "Include semantics: substitution": ${x} in foo.conf included under a is ${a.x}.
        Write("foo.conf", "{ x : 10, y : ${x} }");
        var main = Write("main.conf", "a : { include \"foo.conf\" }\na : { x : 42 }");
        var config = HoconLoader.LoadFile(main, _ => null);
        Assert.Equal(42, config.GetInt("a.y"));
    }

    [Fact]
    public void Include_MissingOptional_IsIgnored_MissingRequired_IsAnError()
    {
        var main = Write("main.conf", "include \"nope.conf\"\na = 1");
        Assert.Equal(1, HoconLoader.LoadFile(main, _ => null).GetInt("a"));
        var strict = Write("strict.conf", "a = 1\ninclude required(\"nope.conf\")");
        var error = Assert.Throws<HoconException>(() => HoconLoader.LoadFile(strict, _ => null));
        Assert.Equal(2, error.Position.Line);
        Assert.Contains("required include \"nope.conf\" not found", error.Message);
    }

    [Fact]
    public void Include_FileSyntaxAndNoExtension_AreSupported()
    {
        Write("part.conf", "b = 2");
        Write("other.json", "{\"c\": 3}");
        var main = Write("main.conf", "include file(\"part.conf\")\ninclude required(file(\"other\"))");
        var config = HoconLoader.LoadFile(main, _ => null);
        Assert.Equal(2, config.GetInt("b"));
        Assert.Equal(3, config.GetInt("c"));
    }

    [Fact]
    public void Include_Cycle_NamesTheChainAndPosition()
    {
        Write("a.conf", "x = 1\ninclude \"b.conf\"");
        Write("b.conf", "\n\ninclude \"a.conf\"");
        var error = Assert.Throws<HoconException>(() => HoconLoader.LoadFile(Path.Combine(_dir, "a.conf"), _ => null));
        Assert.Contains("include cycle: a.conf -> b.conf -> a.conf", error.Message);
        Assert.EndsWith("b.conf", error.Position.File);
        Assert.Equal((3, 1), (error.Position.Line, error.Position.Column));
    }

    [Fact]
    public void Include_ErrorInIncludedFile_NamesThatFile()
    {
        Write("bad.conf", "a = \"open");
        var main = Write("main.conf", "include \"bad.conf\"");
        var error = Assert.Throws<HoconException>(() => HoconLoader.LoadFile(main, _ => null));
        Assert.EndsWith("bad.conf", error.Position.File);
        Assert.Contains("unterminated", error.Message);
    }

    [Fact]
    public void Include_ArrayRoot_IsAnError()
    {
        Write("list.conf", "[1, 2]");
        var main = Write("main.conf", "include \"list.conf\"");
        Assert.Contains("must contain an object", Assert.Throws<HoconException>(() => HoconLoader.LoadFile(main, _ => null)).Message);
    }
}

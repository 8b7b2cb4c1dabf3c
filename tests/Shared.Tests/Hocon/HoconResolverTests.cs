using Aggregator.Shared.Hocon;

namespace Aggregator.Shared.Tests.Hocon;

public class HoconResolverTests
{
    private static HoconConfig Parse(string text, Dictionary<string, string>? environment = null) =>
        HoconLoader.ParseString(text, "r.conf", name => environment is not null && environment.TryGetValue(name, out var v) ? v : null);

    [Fact]
    public void Resolve_ForwardAndBackwardReferences_UseTheLatestValue()
    {
        var config = Parse("a = ${b}\nb = 1\nb = 2\nc = ${a}");
        Assert.Equal(2, config.GetInt("a"));
        Assert.Equal(2, config.GetInt("c"));
    }

    [Fact]
    public void Resolve_ObjectReferringToItsOwnMembers_Works()
    {
        // HOCON.md: bar : { foo : 42, baz : ${bar.foo} } must not be a cycle.
        Assert.Equal(42, Parse("bar : { foo : 42,\n baz : ${bar.foo}\n }").GetInt("bar.baz"));
    }

    [Fact]
    public void Resolve_SubstitutionKeepsTypeAlone_AndConcatenatesOtherwise()
    {
        var config = Parse("animal.favorite = dog\nkey : ${animal.favorite} is my favorite animal\nn = 5\nm = ${n}\ns = ${n}\" items\"\nz = null\nq = a${z}b");
        Assert.Equal("dog is my favorite animal", config.GetString("key"));
        Assert.Equal(HoconValueKind.Number, config.GetValue("m").Kind);
        Assert.Equal("5 items", config.GetString("s"));
        Assert.Equal("ab", config.GetString("q"));
    }

    [Fact]
    public void Resolve_SelfReference_SeesThePreviousValue()
    {
        // HOCON.md "Self-referential substitutions".
        var config = Parse("path = \"/bin\"\npath = ${path}\":/usr/bin\"\nfoo { a = 1 }\nfoo = ${foo} { b = 2 }\nbar = [1]\nbar = ${bar} [2]");
        Assert.Equal("/bin:/usr/bin", config.GetString("path"));
        Assert.Equal(1, config.GetInt("foo.a"));
        Assert.Equal(2, config.GetInt("foo.b"));
        Assert.Equal(["1", "2"], config.GetStringList("bar"));
    }

    [Fact]
    public void Resolve_SelfReferenceInsideMergedObject_SeesEarlierField()
    {
        var config = Parse("a { x = 1 }\na { x = ${a.x}0, y = ${a.x} }");
        Assert.Equal("10", config.GetString("a.x"));
        Assert.Equal("10", config.GetString("a.y"));
    }

    [Fact]
    public void Resolve_OptionalSelfReference_WithoutPreviousValue_LeavesTheRest()
    {
        var config = Parse("a = ${?a}foo\nb = ${?b}");
        Assert.Equal("foo", config.GetString("a"));
        Assert.False(config.HasPath("b"));
    }

    [Fact]
    public void Resolve_PlusEquals_AppendsToArrays()
    {
        var config = Parse("a += 1\na += 2\nb = [x]\nb += y\nc { d += 1 }");
        Assert.Equal(["1", "2"], config.GetStringList("a"));
        Assert.Equal(["x", "y"], config.GetStringList("b"));
        Assert.Equal(["1"], config.GetStringList("c.d"));
    }

    [Fact]
    public void Resolve_OptionalUndefined_KeepsEarlierValueAndDropsArrayElements()
    {
        var config = Parse("a = 1\na = ${?NOPE}\nlist = [1, ${?NOPE}, 3]");
        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal(["1", "3"], config.GetStringList("list"));
    }

    [Fact]
    public void Resolve_Environment_OverridesWhenPresentAndConfigWins()
    {
        var env = new Dictionary<string, string> { ["HOST_PORT"] = "9300", ["EMPTY"] = "", ["a"] = "from-env" };
        var config = Parse("port = 9200\nport = ${?HOST_PORT}\nother = 1\nother = ${?EMPTY}\na = config\nb = ${a}\nc = ${HOST_PORT}", env);
        Assert.Equal(9300, config.GetInt("port"));
        Assert.Equal(1, config.GetInt("other"));
        Assert.Equal("config", config.GetString("b"));
        Assert.Equal("9300", config.GetString("c"));
    }

    [Fact]
    public void Resolve_NullInConfig_BlocksTheEnvironment()
    {
        var env = new Dictionary<string, string> { ["HOME"] = "/root" };
        Assert.Equal(HoconValueKind.Null, Parse("HOME = null\nh = ${HOME}", env).GetValue("h").Kind);
    }

    [Fact]
    public void Resolve_MissingRequired_NamesSubstitutionAndPosition()
    {
        var error = Assert.Throws<HoconException>(() => Parse("a = 1\nb = x ${c.d}"));
        Assert.Equal(new HoconPosition("r.conf", 2, 7), error.Position);
        Assert.Contains("${c.d}", error.Message);
    }

    [Fact]
    public void Resolve_Cycle_IsAnErrorNotAHang()
    {
        var error = Assert.Throws<HoconException>(() => Parse("a = ${b}\nb = ${c}\nc = ${a}"));
        Assert.Contains("cycle", error.Message);
        Assert.Throws<HoconException>(() => Parse("bar { foo = 42, baz = ${bar} }"));
    }

    [Fact]
    public void Resolve_MergeHidesEarlierObjectBehindNonObject()
    {
        // HOCON.md: { a : { x : 1 } } over { a : 42 } over { a : { y : 2 } } gives { a : { x : 1 } }.
        var layers = new[] { "a { y = 2 }", "a = 42", "a { x = 1 }" }.Select(t => HoconLoader.ParseLayer(t, "l.conf")).ToList();
        var merged = HoconLoader.Resolve(layers, _ => null);
        Assert.False(merged.HasPath("a.y"));
        Assert.Equal(1, merged.GetInt("a.x"));
    }

    [Fact]
    public void Resolve_SubstitutionAcrossLayers_SeesTheMergedTree()
    {
        var reference = HoconLoader.ParseLayer("port = 9090\nurl = \"http://localhost:\"${port}", "reference.conf");
        var user = HoconLoader.ParseLayer("port = 9191", "user.conf");
        Assert.Equal("http://localhost:9191", HoconLoader.Resolve([reference, user], _ => null).GetString("url"));
    }

    [Fact]
    public void Resolve_SpecSelfReferenceThroughMerges_FollowsMergeOrder()
    {
        // HOCON.md "Self-referential substitutions": foo : { a : { c : 1 } }, foo : ${foo.a}, foo : { a : 2 }.
        var config = Parse("foo : { a : { c : 1 } }\nfoo : ${foo.a}\nfoo : { a : 2 }");
        Assert.Equal(1, config.GetInt("foo.c"));
        Assert.Equal(2, config.GetInt("foo.a"));
    }

    [Fact]
    public void Resolve_SubstitutionIntoLaterMergedObject_SeesTheFinalValue()
    {
        // HOCON.md: substitutions see the latest value of a key, after every merge.
        var config = Parse("bar : { foo : 42,\n baz : ${bar.foo}\n }\nbar : { foo : 43 }");
        Assert.Equal(43, config.GetInt("bar.baz"));
    }

    [Fact]
    public void Resolve_SelfReferenceWithoutEarlierValue_IsAnError()
    {
        // HOCON.md: "foo : ${foo}" with no earlier foo cannot resolve.
        var error = Assert.Throws<HoconException>(() => Parse("foo : ${foo}"));
        Assert.Contains("${foo}", error.Message);
    }

    [Fact]
    public void Resolve_SubstitutionNotParsedInsideQuotes()
    {
        Assert.Equal("${a}", Parse("a = 1\nb = \"${a}\"").GetString("b"));
    }
}

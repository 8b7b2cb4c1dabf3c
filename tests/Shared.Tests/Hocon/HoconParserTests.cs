using Aggregator.Shared.Hocon;
using FsCheck;
using FsCheck.Fluent;

namespace Aggregator.Shared.Tests.Hocon;

public class HoconParserTests
{
    private static HoconConfig Parse(string text) => HoconLoader.ParseString(text, "p.conf", _ => null);

    private static void AssertSame(string expected, string actual) =>
        Assert.True(HoconValue.DeepEquals(Parse(expected).Root, Parse(actual).Root), $"{Parse(expected).Root}\n!=\n{Parse(actual).Root}");

    [Fact]
    public void Parse_Json_IsAccepted()
    {
        var config = Parse("{\"a\": [1, 2.5, -3e2, true, false, null, \"s\"]\n, \"b\": {\"c\": {}}}");
        var list = config.GetList("a");
        Assert.Equal(["1", "2.5", "-3e2", "true", "false", "null", "s"], list.Select(v => ((HoconScalar)v).Text));
        Assert.Equal(HoconValueKind.Number, list[2].Kind);
        Assert.Empty(config.GetObject("b.c"));
    }

    [Fact]
    public void Parse_RootBracesOmittedAndSeparators_AreEquivalent()
    {
        AssertSame("{ \"foo\" : { \"a\" : 42 } }", "foo { a = 42 }");
        AssertSame("{ \"foo\" : { \"a\" : 42 } }", "foo.a : 42");
        AssertSame("a = [1, 2, 3]", "a = [1\n2\n3\n]");
        AssertSame("a = [1, 2, 3]", "a = [1,2,3,]");
    }

    [Fact]
    public void Parse_DuplicateObjects_Merge()
    {
        // HOCON.md "Duplicate keys and object merging".
        AssertSame("foo { a : 42, b : 43 }", "foo : { a : 42 },\nfoo : { b : 43 }");
        AssertSame("foo { b : 43 }", "foo : { a : 42 },\nfoo : null,\nfoo : { b : 43 }");
        AssertSame("a { x : 42, y : 43 }", "a.x : 42, a.y : 43");
        AssertSame("foo = 2", "foo { a = 1 }\nfoo = 2");
    }

    [Fact]
    public void Parse_PathExpressionKeys_FollowTheSpec()
    {
        var config = Parse("foo.bar.\"hello.world\" = 1\na b c = 2\ntrue : 3\n3.14 : 4\n10.0foo = 5");
        Assert.Equal(1, config.GetInt("foo.bar.\"hello.world\""));
        Assert.Equal(2, config.GetInt("\"a b c\""));
        Assert.Equal(3, config.GetInt("\"true\""));
        Assert.Equal(4, config.GetInt("\"3\".\"14\""));
        Assert.Equal(5, config.GetInt("\"10\".\"0foo\""));
    }

    [Fact]
    public void Parse_ValueConcatenation_KeepsInnerWhitespace()
    {
        var config = Parse("a = foo bar  baz \nb = 1 2\nc = true\nd = \"x\" y\ne = null z\nf = 15s");
        Assert.Equal("foo bar  baz", config.GetString("a"));
        Assert.Equal("1 2", config.GetString("b"));
        Assert.Equal(HoconValueKind.Boolean, config.GetValue("c").Kind);
        Assert.Equal("x y", config.GetString("d"));
        Assert.Equal("null z", config.GetString("e"));
        Assert.Equal("15s", config.GetString("f"));
    }

    [Fact]
    public void Parse_ArrayAndObjectConcatenation_AppendsAndMerges()
    {
        AssertSame("a = [1, 2, 3, 4]", "a = [1, 2] [3, 4]");
        AssertSame("a { x = 1, y = 2 }", "a = { x = 1 } { y = 2 }");
    }

    [Fact]
    public void Parse_ObjectsInArrays_SeparatedByNewlines()
    {
        var list = Parse("s = [\n { name = a, n = 1 }\n { name = b }\n]").GetList("s");
        Assert.Equal(2, list.Count);
        Assert.Equal("b", HoconConfig.AsString(((HoconObject)list[1])["name"], "s[1].name"));
    }

    [Theory]
    [InlineData("a = [1,2,3,,]", 1, 12, "a value")]
    [InlineData("a = [,1]", 1, 6, "a value")]
    [InlineData("{ a = 1,, b = 2 }", 1, 9, "a key")]
    [InlineData("a = 1 }", 1, 7, "unbalanced '}'")]
    [InlineData("a { b = 1", 1, 10, "expected '}' to close the object opened at 1:3")]
    [InlineData("a = [1, 2", 1, 10, "expected ']' to close the array opened at 1:5")]
    [InlineData("a.. b = 1", 1, 3, "empty element")]
    [InlineData(".a = 1", 1, 1, "empty element")]
    [InlineData("a 1", 1, 4, "after the key")]
    [InlineData("a =", 1, 4, "a value for 'a'")]
    [InlineData("url = http://x", 1, 11, "quote values such as URLs")]
    [InlineData("include 42", 1, 9, "a quoted file name")]
    [InlineData("a = [1] x", 1, 9, "cannot concatenate array of 1 with string")]
    public void Parse_BadSyntax_NamesPositionAndExpectation(string text, int line, int column, string expected)
    {
        var error = Assert.Throws<HoconException>(() => Parse(text));
        Assert.Contains(expected, error.Message);
        Assert.Equal(new HoconPosition("p.conf", line, column), error.Position);
    }

    [Fact]
    public void Parse_ArbitraryText_ParsesOrFailsWithPosition_NeverCrashes()
    {
        // Note: the alphabet is HOCON's own punctuation, so most inputs reach deep into the parser.
        var pieces = Gen.Elements("a", "b.c", " ", "\n", "=", ":", "+=", ",", "{", "}", "[", "]", "\"", "\"\"\"", "${", "${?", "}", "1", "-2.5e3", "true", "null", "#", "//", "include", "\\", "$", "+", "@", ".", "\t");
        var texts = Gen.ListOf(pieces, 25).Select(parts => string.Concat(parts)).ToArbitrary();
        Prop.ForAll(texts, text =>
        {
            try
            {
                Parse(text);
                return true;
            }
            catch (HoconException e)
            {
                return e.Position.Line >= 1 && e.Message.StartsWith("p.conf:", StringComparison.Ordinal);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parse_HostileNesting_IsAnErrorNotAStackOverflow()
    {
        var error = Assert.Throws<HoconException>(() => Parse("a = " + new string('[', 100_000)));
        Assert.Contains($"nest deeper than {HoconParser.MaxDepth} levels", error.Message);
        // The root object is one level, so MaxDepth - 1 arrays inside it still parse.
        var deepest = Parse("a = " + new string('[', HoconParser.MaxDepth - 1) + new string(']', HoconParser.MaxDepth - 1));
        Assert.Single(deepest.GetList("a"));
    }
}

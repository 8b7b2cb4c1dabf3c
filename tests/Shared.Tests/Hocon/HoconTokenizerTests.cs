using Aggregator.Shared.Hocon;

namespace Aggregator.Shared.Tests.Hocon;

public class HoconTokenizerTests
{
    private static List<HoconToken> Significant(string text) =>
        HoconTokenizer.Tokenize(text, "t.conf").Where(t => t.Kind is not (HoconTokenKind.Whitespace or HoconTokenKind.End)).ToList();

    [Fact]
    public void Tokenize_CommentsOfBothKinds_AreDropped()
    {
        var tokens = Significant("a = 1 # one\n// two\nb = \"#not // comment\"");
        Assert.Equal(
            [HoconTokenKind.UnquotedText, HoconTokenKind.Equals, HoconTokenKind.Number, HoconTokenKind.Newline, HoconTokenKind.Newline,
             HoconTokenKind.UnquotedText, HoconTokenKind.Equals, HoconTokenKind.QuotedString],
            tokens.Select(t => t.Kind));
        Assert.Equal("#not // comment", tokens[^1].Text);
    }

    [Fact]
    public void Tokenize_KeywordPrefix_SplitsLikeTheSpec()
    {
        // HOCON.md: truefoo is true then foo, footrue is one unquoted string, 10.0bar is a number then bar.
        Assert.Equal([HoconTokenKind.True, HoconTokenKind.UnquotedText], Significant("truefoo").Select(t => t.Kind));
        Assert.Equal([HoconTokenKind.UnquotedText], Significant("footrue").Select(t => t.Kind));
        var number = Significant("10.0bar");
        Assert.Equal(("10.0", "bar"), (number[0].Text, number[1].Text));
        Assert.Equal(HoconTokenKind.Number, number[0].Kind);
    }

    [Fact]
    public void Tokenize_QuotedEscapes_AreDecoded()
    {
        var token = Significant("\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\"").Single();
        Assert.Equal("a\"b\\c/d\n\té", token.Text);
    }

    [Fact]
    public void Tokenize_TripleQuoted_IsRawAndKeepsExtraQuotes()
    {
        var token = Significant("\"\"\"line1\n\\n \"quoted\"\"\"\"\"").Single();
        Assert.Equal("line1\n\\n \"quoted\"\"", token.Text);
    }

    [Fact]
    public void Tokenize_Substitution_CarriesPathAndOptional()
    {
        var token = Significant("${?a.\"b.c\"}").Single();
        Assert.Equal(HoconTokenKind.Substitution, token.Kind);
        Assert.True(token.Optional);
        Assert.Equal(["a", "b.c"], HoconPath.FromTokens(token.PathTokens));
    }

    [Fact]
    public void Tokenize_DottedNumbersAndAddresses_AreUnquotedText()
    {
        Assert.Equal("127.0.0.1", Significant("127.0.0.1").Single().Text);
        Assert.Equal(HoconTokenKind.UnquotedText, Significant("1.2.3").Single().Kind);
    }

    [Fact]
    public void Tokenize_Positions_AreLineAndColumn()
    {
        var tokens = Significant("a {\n  bb = 2\n}");
        var bb = tokens.Single(t => t.Text == "bb");
        Assert.Equal(new HoconPosition("t.conf", 2, 3), bb.Position);
    }

    [Theory]
    [InlineData("a = \"abc", 1, 5, "unterminated quoted string")]
    [InlineData("a = \"\"\"abc", 1, 5, "unterminated triple-quoted string")]
    [InlineData("a = \"x\\q\"", 1, 7, "invalid escape")]
    [InlineData("a = ${b", 1, 8, "expected '}' to close the substitution")]
    [InlineData("a = b@c", 1, 6, "'@' is reserved")]
    [InlineData("a = $b", 1, 5, "expected '{' after '$'")]
    [InlineData("a = ${}", 1, 5, "empty substitution")]
    [InlineData("a + 1", 1, 3, "expected '=' after '+'")]
    public void Tokenize_BadInput_NamesPositionAndExpectation(string text, int line, int column, string expected)
    {
        var error = Assert.Throws<HoconException>(() => HoconTokenizer.Tokenize(text, "t.conf"));
        Assert.Equal(new HoconPosition("t.conf", line, column), error.Position);
        Assert.Contains(expected, error.Message);
        Assert.StartsWith($"t.conf:{line}:{column}: ", error.Message);
    }
}

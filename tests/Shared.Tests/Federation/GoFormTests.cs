using Aggregator.Shared.Federation;

namespace Aggregator.Shared.Tests.Federation;

public class GoFormTests
{
    private static (List<KeyValuePair<string, string>> Pairs, string? Error) Parse(string query)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        var error = GoForm.Parse(query, pairs);
        return (pairs, error);
    }

    [Fact]
    public void Parse_EncodedSelectors_DecodedInOrder()
    {
        var (pairs, error) = Parse("?match[]=%7B__name__%3D~%22.%2A%22%7D&foo=bar&match[]=up+x&match%5B%5D=a");
        Assert.Null(error);
        Assert.Equal(
            [new("match[]", "{__name__=~\".*\"}"), new("foo", "bar"), new("match[]", "up x"), new("match[]", "a")],
            pairs);
    }

    [Theory]
    [InlineData("match[]=%zz", "invalid URL escape \"%zz\"")]
    [InlineData("match[]=%z", "invalid URL escape \"%z\"")]
    [InlineData("match[]=abc%", "invalid URL escape \"%\"")]
    [InlineData("match[]=%4", "invalid URL escape \"%4\"")]
    [InlineData("match[]=%g1x", "invalid URL escape \"%g1\"")]
    [InlineData("a=1;b=2", "invalid semicolon separator in query")]
    [InlineData("%zz=1&b=%yy", "invalid URL escape \"%zz\"")]
    public void Parse_BadInput_GoErrorText(string query, string expected)
    {
        Assert.Equal(expected, Parse(query).Error);
    }

    [Fact]
    public void Parse_ErrorInOnePair_OthersStillParsed()
    {
        var (pairs, error) = Parse("a=%zz&b=2&&c");
        Assert.NotNull(error);
        Assert.Equal([new("b", "2"), new("c", "")], pairs);
    }

    [Fact]
    public void Parse_Empty_NoPairs()
    {
        Assert.Empty(Parse("").Pairs);
        Assert.Empty(Parse("?").Pairs);
    }

    [Fact]
    public void TryUnescape_Utf8Escapes_Decoded()
    {
        Assert.True(GoForm.TryUnescape("%C3%A9%F0%9F%98%80é", new List<byte>(), out var value, out _));
        Assert.Equal("é😀é", value);
    }
}

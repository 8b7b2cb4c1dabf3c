using Aggregator.Shared.Federation;

namespace Aggregator.Shared.Tests.Federation;

public class FederateRequestTests
{
    [Fact]
    public void Parse_QuotedLabelNameLater_2_42ErrorAtItsColumn()
    {
        var request = FederateRequest.Parse("?match[]=" + Uri.EscapeDataString("{job=\"a\", \"foo\"=\"b\"}"));
        Assert.Equal("1:11: parse error: unexpected string \"\\\"foo\\\"\" in label matching, expected identifier or \"}\"", request.Error);
    }

    [Fact]
    public void Parse_QuotedValue_Accepted()
    {
        var request = FederateRequest.Parse("?match[]=" + Uri.EscapeDataString("{job=\"a\",x=~\"b|c\"}"));
        Assert.Null(request.Error);
        Assert.Equal(2, Assert.Single(request.Selectors).Count);
    }

    [Fact]
    public void Parse_BodyAndQueryErrors_BodyErrorReportedFirst()
    {
        var request = FederateRequest.Parse("?match[]=%zz", "match[]=%yy");
        Assert.Equal("error parsing form values: invalid URL escape \"%yy\"", request.Error);
    }

    [Fact]
    public void Parse_FormErrorBeforeSelectorError()
    {
        var request = FederateRequest.Parse("?match[]=-bad&x=%zz");
        Assert.Equal("error parsing form values: invalid URL escape \"%zz\"", request.Error);
    }

    [Theory]
    [InlineData("?match[]=up", true)]
    [InlineData("?match[]=up&partial_response=false", false)]
    [InlineData("?match[]=up&partial_response=0", false)]
    [InlineData("?match[]=up&partial_response=true", true)]
    public void Parse_PartialResponse_GoBoolFalseSpellings(string query, bool expected)
    {
        Assert.Equal(expected, FederateRequest.Parse(query).PartialResponse);
    }

    [Fact]
    public void Parse_NoMatch_NoSelectorsNoError()
    {
        var request = FederateRequest.Parse("?match=up&foo=bar");
        Assert.Null(request.Error);
        Assert.Empty(request.Selectors);
    }
}

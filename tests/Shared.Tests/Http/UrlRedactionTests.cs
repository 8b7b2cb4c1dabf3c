using Aggregator.Shared.Http;

namespace Aggregator.Shared.Tests.Http;

public class UrlRedactionTests
{
    [Theory]
    [InlineData("http://user:password@host:9090/federate", "http://user:xxxxx@host:9090/federate")]
    [InlineData("https://user:p@ss:w0rd@host/", "https://user:xxxxx@host/")]
    [InlineData("http://user@host/", "http://user@host/")]
    [InlineData("http://host:9090/", "http://host:9090/")]
    [InlineData("Get \"http://a:b@h1/x\": refused; then http://c:d@h2 too", "Get \"http://a:xxxxx@h1/x\": refused; then http://c:xxxxx@h2 too")]
    [InlineData("mail me at a@b.c", "mail me at a@b.c")]
    [InlineData("", "")]
    public void Redact_Text_EveryPasswordMaskedAndNothingElseChanged(string text, string expected)
    {
        Assert.Equal(expected, UrlRedaction.Redact(text));
    }

    [Fact]
    public void Redact_Uri_MasksPasswordKeepsUser()
    {
        Assert.Equal("http://prom:xxxxx@127.0.0.1:9090/", UrlRedaction.Redact(new Uri("http://prom:s3cret@127.0.0.1:9090")));
    }
}

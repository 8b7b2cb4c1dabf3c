using System.Text;
using System.Text.RegularExpressions;
using Aggregator.Shared.StatusPage;

namespace Aggregator.Shared.Tests.StatusPage;

public class StatusHtmlTests
{
    [Fact]
    public void Render_HostileNodeIdAndLink_EncodedAndOnlyTheNoncedScriptRuns()
    {
        var page = StatusHtml.Render("<b>x</b>", Encoding.UTF8.GetBytes("{\"data\":{}}"), ["/<i>"], TimeSpan.FromSeconds(2), "n0nce");

        Assert.DoesNotContain("<b>", page);
        Assert.DoesNotContain("<i>", page);
        Assert.Contains("&lt;b&gt;x&lt;/b&gt;", page);
        Assert.Contains("data-refresh-ms=\"2000\"", page);
        // Note: two script elements: the JSON data (never run) and the nonced renderer.
        Assert.Equal(["<script type=\"application/json\" id=\"status-data\">", "<script nonce=\"n0nce\">"],
            Regex.Matches(page, "<script[^>]*>").Select(m => m.Value));
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", page);
    }

    [Fact]
    public void ContentSecurityPolicy_Nonce_AllowsOnlyThatNonceAndSameOriginFetches()
    {
        var policy = StatusHtml.ContentSecurityPolicy("abc");

        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("script-src 'nonce-abc'", policy);
        Assert.Contains("connect-src 'self'", policy);
        Assert.DoesNotContain("unsafe", policy);
    }

    [Theory]
    [InlineData(null, 5000)]
    [InlineData("banana", 5000)]
    [InlineData("0.5", 500)]
    [InlineData("0", 200)]
    [InlineData("NaN", 5000)]
    [InlineData("1e9", 300_000)]
    public void Refresh_QueryValue_ClampedOrDefault(string? seconds, double expectedMs) =>
        Assert.Equal(expectedMs, Aggregator.Shared.Http.StatusPage.Refresh(seconds).TotalMilliseconds);
}

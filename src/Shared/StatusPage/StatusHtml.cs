using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;

namespace Aggregator.Shared.StatusPage;

/// <summary>
/// The status page: a shell whose tables are drawn by its inline script from the embedded status
/// JSON at once, then from <c>/api/v1/status</c> every few seconds. Everything is inline (no CDN, no
/// other request but the JSON); the Content-Security-Policy lets only this response's nonce run.
/// </summary>
internal static class StatusHtml
{
    /// <summary>The default refresh period; <c>/?refresh=SECONDS</c> changes it for one page.</summary>
    public static readonly TimeSpan DefaultRefresh = TimeSpan.FromSeconds(5);

    private static readonly Lazy<string> Script = new(() => ReadResource("status.js"));
    private static readonly Lazy<string> Style = new(() => ReadResource("status.css"));

    public static string ContentSecurityPolicy(string nonce) =>
        $"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static string Render(string nodeId, byte[] statusJson, IReadOnlyList<string> links, TimeSpan refresh, string nonce)
    {
        var html = new StringBuilder(16 * 1024);
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
            .Append("<link rel=\"icon\" href=\"data:,\"><title>").Append(Encode(nodeId)).Append(" · Aggregator</title>")
            .Append("<style nonce=\"").Append(nonce).Append("\">").Append(Style.Value).Append("</style></head>")
            .Append("<body data-refresh-ms=\"").Append(((long)refresh.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)).Append("\">")
            .Append("<h1>").Append(Encode(nodeId)).Append("</h1>")
            .Append("<p><span id=\"summary\"></span> · <span id=\"ready\"></span></p><p id=\"reload\"></p>")
            .Append("<noscript><p>This page draws its tables with JavaScript; the same figures are at <a href=\"api/v1/status\">/api/v1/status</a>.</p></noscript>");
        foreach (var (id, title) in Sections)
        {
            html.Append("<section id=\"").Append(id).Append("\" hidden><h2>").Append(title).Append("</h2></section>");
        }
        html.Append("<h2>Endpoints</h2><ul>");
        foreach (var link in links)
        {
            // Note: relative links, so the page works behind a proxy that serves it under a path prefix.
            html.Append("<li><a href=\"").Append(Encode(link.TrimStart('/'))).Append("\">").Append(Encode(link)).Append("</a></li>");
        }
        html.Append("</ul><p class=\"muted\"><span id=\"updated\"></span> <span id=\"refresh-error\"></span></p>")
            // Note: the JSON writer escapes <, > and &, so no value can close this element.
            .Append("<script type=\"application/json\" id=\"status-data\">").Append(Encoding.UTF8.GetString(statusJson)).Append("</script>")
            .Append("<script nonce=\"").Append(nonce).Append("\">").Append(Script.Value).Append("</script></body></html>\n");
        return html.ToString();
    }

    private static readonly (string Id, string Title)[] Sections =
    [
        ("members", "Ring members"),
        ("sites", "Sites"),
        ("sources", "Sources"),
        ("rules", "Rule groups"),
        ("queues", "Forward queues"),
    ];

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string ReadResource(string name)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".StatusPage." + name, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

using System.IO.Compression;
using System.Text;
using Aggregator.Shared.Federation;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Shared.Tests.Federation;

/// <summary>Runs a <see cref="FederateHandler"/> on an in-memory HttpContext with a raw (undecoded) query.</summary>
internal sealed record FederateCall(int Status, IHeaderDictionary Headers, byte[] RawBody)
{
    public string Body => Encoding.UTF8.GetString(Decoded);

    public byte[] Decoded => Headers.ContentEncoding.ToString() switch
    {
        "gzip" => Inflate(new GZipStream(new MemoryStream(RawBody), CompressionMode.Decompress)),
        "deflate" => Inflate(new ZLibStream(new MemoryStream(RawBody), CompressionMode.Decompress)),
        _ => RawBody,
    };

    public static async Task<FederateCall> RunAsync(
        FederateHandler handler, string method, string rawQuery, IDictionary<string, string>? headers = null, string? formBody = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = "/federate";
        context.Request.QueryString = new QueryString(rawQuery);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Request.Headers[name] = value;
        }
        if (formBody is not null)
        {
            context.Request.ContentType = "application/x-www-form-urlencoded";
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(formBody));
        }
        var body = new MemoryStream();
        context.Response.Body = body;
        await handler.HandleAsync(context);
        return new FederateCall(context.Response.StatusCode, context.Response.Headers, body.ToArray());
    }

    private static byte[] Inflate(Stream stream)
    {
        using var output = new MemoryStream();
        stream.CopyTo(output);
        return output.ToArray();
    }
}

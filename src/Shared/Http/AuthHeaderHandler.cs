namespace Aggregator.Shared.Http;

/// <summary>Sets the Authorization header of every request from an <see cref="AuthHeader"/> (read again when its files change).</summary>
internal sealed class AuthHeaderHandler(AuthHeader header) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", header.Current());
        return base.SendAsync(request, cancellationToken);
    }
}

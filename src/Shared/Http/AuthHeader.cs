using System.Text;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Http;

/// <summary>
/// The Authorization header of one credential (a bearer token, or basic auth with a password file),
/// built from its files as they are now: the server compares callers against it, the client sends it.
/// </summary>
internal sealed class AuthHeader
{
    private readonly string? _username;
    private readonly SecretFile _secret;
    private readonly bool _bearer;
    private readonly Lock _lock = new();
    private string? _lastSecret;
    private byte[] _lastHeader = [];

    /// <param name="auth">The credential's files.</param>
    /// <param name="clockMs">Milliseconds of a monotonic clock (tests); the process's tick count by default.</param>
    public AuthHeader(AuthConfig auth, Func<long>? clockMs = null)
    {
        if (auth.IsNone)
        {
            throw new ArgumentException("no credential configured", nameof(auth));
        }
        _bearer = auth.BearerTokenFile is not null;
        _username = auth.BasicUsername;
        _secret = new SecretFile(auth.BearerTokenFile ?? auth.BasicPasswordFile!, clockMs);
    }

    /// <summary>The scheme's challenge for a 401.</summary>
    public string Challenge => _bearer ? "Bearer" : "Basic realm=\"aggregator\"";

    /// <summary>The header value as UTF-8 bytes (for a constant-time comparison).</summary>
    public byte[] CurrentBytes()
    {
        var secret = _secret.Read();
        lock (_lock)
        {
            if (!ReferenceEquals(secret, _lastSecret))
            {
                _lastHeader = Encoding.UTF8.GetBytes(Build(secret));
                _lastSecret = secret;
            }
            return _lastHeader;
        }
    }

    /// <summary>The header value, e.g. <c>Bearer abc</c>.</summary>
    public string Current() => Encoding.UTF8.GetString(CurrentBytes());

    private string Build(string secret) => _bearer
        ? "Bearer " + secret
        : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_username}:{secret}"));
}

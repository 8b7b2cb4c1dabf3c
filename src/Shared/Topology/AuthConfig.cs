namespace Aggregator.Shared.Topology;

/// <summary>
/// Credentials kept in files (so they come from Secrets, not the ConfigMap): a bearer token, or
/// basic auth with a user name and a password file. All null means no authentication.
/// </summary>
internal sealed record AuthConfig
{
    public static AuthConfig None { get; } = new();

    public string? BearerTokenFile { get; init; }

    public string? BasicUsername { get; init; }

    public string? BasicPasswordFile { get; init; }

    public bool IsNone => BearerTokenFile is null && BasicUsername is null;
}

namespace Aggregator.Shared.Topology;

/// <summary>
/// <c>aggregator.security</c>: what our own endpoints require (<see cref="ServerAuth"/>, served
/// over TLS when <see cref="ServerCertFile"/> is set, with client certificates required when
/// <see cref="ClientCaFile"/> is set) and what we present when calling another tier (<see cref="Client"/>).
/// </summary>
internal sealed record SecurityConfig
{
    public static SecurityConfig None { get; } = new();

    public AuthConfig ServerAuth { get; init; } = AuthConfig.None;

    public string? ServerCertFile { get; init; }

    public string? ServerKeyFile { get; init; }

    public string? ClientCaFile { get; init; }

    public AuthConfig ClientAuth { get; init; } = AuthConfig.None;

    public TlsClientConfig Client { get; init; } = TlsClientConfig.Default;

    public bool ServesTls => ServerCertFile is not null;
}

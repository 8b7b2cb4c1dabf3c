namespace Aggregator.Shared.Topology;

/// <summary>TLS for outgoing calls: the CA to trust, a client certificate for mTLS, and an escape hatch.</summary>
internal sealed record TlsClientConfig
{
    public static TlsClientConfig Default { get; } = new();

    public string? CaFile { get; init; }

    public string? CertFile { get; init; }

    public string? KeyFile { get; init; }

    public string? ServerName { get; init; }

    public bool InsecureSkipVerify { get; init; }
}

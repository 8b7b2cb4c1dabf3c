namespace Aggregator.Shared.Topology.Validation;

/// <summary>
/// Shape rules for credentials. Note: the files themselves are not required to exist at check
/// time, because secrets are usually mounted only where the process runs.
/// </summary>
internal static class CredentialRules
{
    public static void CheckAuth(AuthConfig auth, string path, TopologyValidationContext context)
    {
        if (auth.BearerTokenFile is not null && (auth.BasicUsername is not null || auth.BasicPasswordFile is not null))
        {
            context.Error(path, "set either bearer-token-file or basic, not both");
        }
        if ((auth.BasicUsername is null) != (auth.BasicPasswordFile is null))
        {
            context.Error(path + ".basic", "basic auth needs both username and password-file");
        }
    }

    public static void CheckTls(TlsClientConfig tls, string path, TopologyValidationContext context)
    {
        if ((tls.CertFile is null) != (tls.KeyFile is null))
        {
            context.Error(path, "a client certificate needs both cert-file and key-file");
        }
    }
}

namespace Aggregator.Shared.Topology.Validation;

/// <summary>The security section: complete certificate pairs and credentials, and TLS URLs when serving TLS.</summary>
internal sealed class SecurityValidator : ITopologyValidator
{
    public void Validate(TopologyConfig topology, TopologyValidationContext context)
    {
        var security = topology.Security;
        const string path = "aggregator.security";
        if ((security.ServerCertFile is null) != (security.ServerKeyFile is null))
        {
            context.Error(path + ".tls", "serving TLS needs both cert-file and key-file");
        }
        if (security.ClientCaFile is not null && security.ServerCertFile is null)
        {
            context.Error(path + ".tls.client-ca-file", "client certificates (mTLS) need TLS: set cert-file and key-file too");
        }
        CredentialRules.CheckAuth(security.ServerAuth, path + ".auth", context);
        CredentialRules.CheckAuth(security.ClientAuth, path + ".client.auth", context);
        CredentialRules.CheckTls(security.Client, path + ".client.tls", context);
        foreach (var ring in topology.Rings)
        {
            CredentialRules.CheckAuth(ring.Credentials, TopologyValidationContext.RingPath(ring.Name) + ".credentials", context);
        }
        CheckEveryCallerHasACredential(topology, context);
        foreach (var node in topology.Nodes)
        {
            CredentialRules.CheckAuth(node.Credentials, TopologyValidationContext.NodePath(node.Id) + ".credentials", context);
            if (!node.Credentials.IsNone && node.Role == NodeRole.Aggregator)
            {
                context.Error(TopologyValidationContext.NodePath(node.Id) + ".credentials",
                    "a ring member authenticates as its ring: set credentials on the ring, not on its members");
            }
            if (security.ServesTls != (node.Listen.Scheme == Uri.UriSchemeHttps))
            {
                context.Error(TopologyValidationContext.NodePath(node.Id) + ".url",
                    security.ServesTls ? "security.tls is set, so nodes listen on https:// URLs" : "https:// needs security.tls.cert-file and key-file");
            }
        }
    }

    /// <summary>
    /// Once a ring or site credential is set every endpoint requires one, so every process must have one to present:
    /// its ring's or its own <c>credentials</c>, or <c>security.client.auth</c>.
    /// </summary>
    private static void CheckEveryCallerHasACredential(TopologyConfig topology, TopologyValidationContext context)
    {
        // Note: only per-ring or per-site credentials switch this check on, so a file that sets security.auth
        // alone (valid before these keys existed) stays valid.
        bool perWriter = topology.Rings.Any(r => !r.Credentials.IsNone) || topology.Nodes.Any(n => !n.Credentials.IsNone);
        if (!perWriter || !topology.Security.ClientAuth.IsNone)
        {
            return;
        }
        foreach (var ring in topology.Rings.Where(r => r.Credentials.IsNone))
        {
            context.Error(TopologyValidationContext.RingPath(ring.Name) + ".credentials",
                "per-site credentials are set, so this ring's members need one to present: set credentials here or security.client.auth");
        }
        foreach (var node in topology.Nodes.Where(n => n.Role == NodeRole.Node && n.Credentials.IsNone))
        {
            context.Error(TopologyValidationContext.NodePath(node.Id) + ".credentials",
                "per-site credentials are set, so this site node needs one to present: set credentials here or security.client.auth");
        }
    }
}

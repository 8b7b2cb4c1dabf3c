namespace Aggregator.Shared.Scraping;

/// <summary>TLS settings of a source: a CA bundle, a client certificate and key (PEM files), or no verification.</summary>
public sealed record ScrapeTlsOptions
{
    public static readonly ScrapeTlsOptions Default = new();

    /// <summary>PEM file of the CA certificates that server certificates must chain to (instead of the system store).</summary>
    public string? CaFile { get; init; }

    public string? CertFile { get; init; }

    public string? KeyFile { get; init; }

    /// <summary>Server name checked against the certificate instead of the URL's host.</summary>
    public string? ServerName { get; init; }

    public bool InsecureSkipVerify { get; init; }

    internal void Validate(string at, List<string> errors)
    {
        if ((CertFile is null) != (KeyFile is null))
        {
            errors.Add($"{at}: tls: cert-file and key-file must be set together");
        }
        foreach (var file in new[] { CaFile, CertFile, KeyFile })
        {
            if (file is not null && !File.Exists(file))
            {
                errors.Add($"{at}: tls: file '{file}' does not exist");
            }
        }
    }
}

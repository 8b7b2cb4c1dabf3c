namespace Aggregator.Shared.Scraping;

/// <summary>
/// HTTP authorization of a source: basic auth (password read from a file) or a bearer token file.
/// Note: files are re-read on every poll, as Prometheus does, so that rotated secrets apply without a restart.
/// </summary>
public sealed record ScrapeAuthOptions
{
    public static readonly ScrapeAuthOptions None = new();

    public string? BasicAuthUsername { get; init; }

    public string? BasicAuthPasswordFile { get; init; }

    public string? BearerTokenFile { get; init; }

    internal void Validate(string at, List<string> errors)
    {
        if (BearerTokenFile is not null && BasicAuthUsername is not null)
        {
            errors.Add($"{at}: auth: at most one of basic-auth and bearer-token-file may be set");
        }
        if (BasicAuthPasswordFile is not null && BasicAuthUsername is null)
        {
            errors.Add($"{at}: basic-auth: password-file is set but username is not");
        }
        foreach (var file in new[] { BasicAuthPasswordFile, BearerTokenFile })
        {
            if (file is not null && !File.Exists(file))
            {
                errors.Add($"{at}: auth: file '{file}' does not exist");
            }
        }
    }
}

using Aggregator.Shared.Hocon;

namespace Aggregator.Shared.Topology;

/// <summary>Sources of a site node, credentials, TLS and the security section.</summary>
internal sealed partial class TopologyBinder
{
    private IReadOnlyList<SourceConfig> BindSources(HoconObject node, HoconObject sourceDefaults, string nodePath)
    {
        var path = Child(nodePath, "sources");
        var list = Read(node, "sources", nodePath, HoconConfig.AsArray, new HoconArray(node.Position, []));
        var sources = new List<SourceConfig>(list.Count);
        for (int i = 0; i < list.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            _positions.Record(itemPath, list[i].Position);
            if (list[i] is not HoconObject entry)
            {
                Error(list[i].Position, itemPath, $"expected a source object {{ name = ..., urls = [...] }}, got {list[i].Describe()}");
                continue;
            }
            CheckKeys(entry, SchemaSection("source"), itemPath);
            var source = BindSource(entry.WithFallback(sourceDefaults), itemPath);
            if (source is not null)
            {
                sources.Add(source);
            }
        }
        return sources;
    }

    private SourceConfig? BindSource(HoconObject source, string path)
    {
        var name = RequiredString(source, "name", path);
        var urlTexts = Read(source, "urls", path, HoconConfig.AsArray, new HoconArray(source.Position, []));
        var urls = new List<Uri>();
        for (int i = 0; i < urlTexts.Count; i++)
        {
            var urlPath = $"{Child(path, "urls")}[{i}]";
            _positions.Record(urlPath, urlTexts[i].Position);
            try
            {
                if (ReadUrl(urlTexts[i], urlPath) is { } url)
                {
                    urls.Add(url);
                }
            }
            catch (HoconException e)
            {
                Error(e.Position, urlPath, e.Problem);
            }
        }
        if (urlTexts.Count == 0)
        {
            _positions.Record(path, source.Position);
            Error(_positions.Of(Child(path, "urls")), Child(path, "urls"), "expected at least one URL in 'urls' (two or more for an HA pair)");
        }
        var result = new SourceConfig
        {
            Name = name ?? "",
            Urls = urls,
            Match = StringList(source, "match", path),
            Interval = Read(source, "interval", path, HoconConfig.AsDuration, TimeSpan.FromSeconds(15)),
            Timeout = Read(source, "timeout", path, HoconConfig.AsDuration, TimeSpan.FromSeconds(10)),
            Jitter = Read(source, "jitter", path, HoconConfig.AsDuration, TimeSpan.Zero),
            HonorLabels = Read(source, "honor-labels", path, HoconConfig.AsBool, true),
            ReplicaLabels = StringList(source, "replica-labels", path),
            BodySizeLimit = Read(source, "body-size-limit", path, HoconConfig.AsSize, 64L << 20),
            SampleLimit = Read(source, "sample-limit", path, HoconConfig.AsLong, 0L),
            Auth = BindAuth(Section(source, "auth", path), Child(path, "auth")),
            Tls = BindTlsClient(Section(source, "tls", path), Child(path, "tls")),
        };
        return name is null ? null : result;
    }

    private AuthConfig BindAuth(HoconObject auth, string path)
    {
        var basic = Section(auth, "basic", path);
        return new AuthConfig
        {
            BearerTokenFile = FilePath(auth, "bearer-token-file", path),
            BasicUsername = OptionalString(basic, "username", Child(path, "basic")),
            BasicPasswordFile = FilePath(basic, "password-file", Child(path, "basic")),
        };
    }

    private TlsClientConfig BindTlsClient(HoconObject tls, string path) => new()
    {
        CaFile = FilePath(tls, "ca-file", path),
        CertFile = FilePath(tls, "cert-file", path),
        KeyFile = FilePath(tls, "key-file", path),
        ServerName = OptionalString(tls, "server-name", path),
        InsecureSkipVerify = Read(tls, "insecure-skip-verify", path, HoconConfig.AsBool, false),
    };

    private SecurityConfig BindSecurity(HoconObject security, string path)
    {
        var tls = Section(security, "tls", path);
        var tlsPath = Child(path, "tls");
        var client = Section(security, "client", path);
        var clientPath = Child(path, "client");
        return new SecurityConfig
        {
            ServerAuth = BindAuth(Section(security, "auth", path), Child(path, "auth")),
            ServerCertFile = FilePath(tls, "cert-file", tlsPath),
            ServerKeyFile = FilePath(tls, "key-file", tlsPath),
            ClientCaFile = FilePath(tls, "client-ca-file", tlsPath),
            ClientAuth = BindAuth(Section(client, "auth", clientPath), Child(clientPath, "auth")),
            Client = BindTlsClient(Section(client, "tls", clientPath), Child(clientPath, "tls")),
        };
    }
}

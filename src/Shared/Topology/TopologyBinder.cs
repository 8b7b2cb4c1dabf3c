using Aggregator.Shared.Hocon;

namespace Aggregator.Shared.Topology;

/// <summary>
/// Reads the resolved <c>aggregator</c> tree into records. Each ring, node and source is read over
/// its entry in <c>aggregator.defaults</c>; the reference tree is also the schema, so a key it
/// does not have is unknown. Problems are collected, never thrown: a value that cannot be read
/// gets a placeholder so that reading (and later validation) continues.
/// </summary>
internal sealed partial class TopologyBinder
{
    private const string Root = "aggregator";

    private readonly HoconObject _schema;
    private readonly string _baseDirectory;
    private readonly List<TopologyError> _errors;
    private readonly TopologyPositions _positions;

    public TopologyBinder(HoconObject schema, string baseDirectory, List<TopologyError> errors, TopologyPositions positions)
    {
        _schema = schema;
        _baseDirectory = baseDirectory;
        _errors = errors;
        _positions = positions;
    }

    /// <summary>Node ids that were written but could not be read (so that references to them are not reported twice).</summary>
    public HashSet<string> UnreadableNodes { get; } = new(StringComparer.Ordinal);

    /// <summary>Keys that are valid but do nothing any more: reported, never an error.</summary>
    public List<TopologyError> Warnings { get; } = [];

    public TopologyConfig Bind(HoconObject config, string sourceFile)
    {
        var aggregator = config.TryGetValue(Root, out var value) && value is HoconObject obj ? obj : HoconObject.Empty(config.Position);
        _positions.Record(Root, aggregator.Position);
        CheckKeys(aggregator, _schema, Root);
        var defaults = Section(aggregator, "defaults", Root);
        var ringDefaults = Section(defaults, "ring", Child(Root, "defaults"));
        var nodeDefaults = Section(defaults, "node", Child(Root, "defaults"));
        var sourceDefaults = Section(defaults, "source", Child(Root, "defaults"));
        var siteLabel = Read(aggregator, "site-label", Root, HoconConfig.AsString, "site");
        var lookback = Read(aggregator, "lookback", Root, HoconConfig.AsDuration, TimeSpan.FromMinutes(5));
        var limits = BindLimits(aggregator, Root, LimitsConfig.Default, checkKeys: false);

        var rings = new List<RingConfig>();
        var ringsPath = Child(Root, "rings");
        foreach (var (name, entry) in Section(aggregator, "rings", Root))
        {
            var path = Child(ringsPath, name);
            _positions.Record(path, entry.Position);
            if (entry is not HoconObject ringObject)
            {
                Error(entry.Position, path, $"expected an object {{ ... }} for ring '{name}', got {entry.Describe()}");
                continue;
            }
            CheckKeys(ringObject, SchemaSection("ring"), path);
            rings.Add(BindRing(name, ringObject.WithFallback(ringDefaults), path, limits));
        }

        var nodes = new List<NodeConfig>();
        var nodesPath = Child(Root, "nodes");
        foreach (var (id, entry) in Section(aggregator, "nodes", Root))
        {
            var path = Child(nodesPath, id);
            _positions.Record(path, entry.Position);
            if (entry is not HoconObject nodeObject)
            {
                Error(entry.Position, path, $"expected an object {{ ... }} for node '{id}', got {entry.Describe()}");
                UnreadableNodes.Add(id);
                continue;
            }
            CheckKeys(nodeObject, SchemaSection("node"), path);
            var node = BindNode(id, nodeObject.WithFallback(nodeDefaults), sourceDefaults, path, LimitsAbove(nodeObject, rings, limits));
            if (node is null)
            {
                UnreadableNodes.Add(id);
            }
            else
            {
                nodes.Add(node);
            }
        }

        return new TopologyConfig
        {
            SourceFile = sourceFile,
            SiteLabel = siteLabel,
            Lookback = lookback,
            Rings = rings,
            Nodes = nodes,
            Security = BindSecurity(Section(aggregator, "security", Root), Child(Root, "security")),
            Limits = limits,
            Server = BindServer(aggregator),
        };
    }

    private RingConfig BindRing(string name, HoconObject ring, string path, LimitsConfig treeLimits)
    {
        if (ring.TryGetValue("replication-factor", out var replication) && replication.Position.File != TopologyLoader.ReferenceName)
        {
            Warnings.Add(new TopologyError(replication.Position, Child(path, "replication-factor"),
                "no longer applies: every member of the ring holds the whole view (the key is accepted for older files)"));
        }
        return new RingConfig
        {
            Name = name,
            Shards = Read(ring, "shards", path, AsInt, 256),
            ReplicationFactor = Read(ring, "replication-factor", path, AsInt, 1),
            Members = StringList(ring, "members", path),
            Dns = OptionalString(ring, "dns", path),
            RuleFiles = RuleFiles(ring, path),
            Parent = OptionalString(ring, "parent", path),
            Limits = BindLimits(ring, path, treeLimits, checkKeys: true),
            Akka = BindRingAkka(Section(ring, "akka", path), Child(path, "akka")),
            Credentials = BindAuth(Section(ring, "credentials", path), Child(path, "credentials")),
        };
    }

    /// <summary>The limits a node's own block overrides: its ring's for a ring member, the tree's otherwise.</summary>
    private static LimitsConfig LimitsAbove(HoconObject node, List<RingConfig> rings, LimitsConfig treeLimits) =>
        node.TryGetValue("ring", out var ring) && ring is HoconScalar { Kind: HoconValueKind.String } name
            ? rings.Find(r => r.Name == name.Text)?.Limits ?? treeLimits
            : treeLimits;

    private NodeConfig? BindNode(string id, HoconObject node, HoconObject sourceDefaults, string path, LimitsConfig limitsAbove)
    {
        var roleText = RequiredString(node, "role", path);
        NodeRole? role = roleText switch
        {
            "node" => NodeRole.Node,
            "aggregator" => NodeRole.Aggregator,
            null => null,
            _ => null,
        };
        if (roleText is not null && role is null)
        {
            Error(node["role"].Position, Child(path, "role"), $"expected 'node' or 'aggregator', got \"{roleText}\"");
        }
        if (!node.TryGetValue("url", out var urlValue) || urlValue.Kind == HoconValueKind.Null)
        {
            Error(node.Position, Child(path, "url"), "missing required key 'url'");
        }
        var url = OptionalUrl(node, "url", path);
        var listen = OptionalUrl(node, "listen", path) ?? url;
        var sources = BindSources(node, sourceDefaults, path);
        var limits = BindLimits(node, path, limitsAbove, checkKeys: true);
        if (role is null || url is null || listen is null)
        {
            return null;
        }
        return new NodeConfig
        {
            Id = id,
            Role = role.Value,
            Url = url,
            Listen = listen,
            Ring = OptionalString(node, "ring", path),
            ClusterPort = Read(node, "cluster-port", path, AsInt, NodeConfig.DefaultClusterPort),
            Parent = OptionalString(node, "parent", path),
            Site = OptionalString(node, "site", path) ?? id,
            RuleFiles = RuleFiles(node, path),
            Sources = sources,
            Limits = limits,
            ForwardQueue = BindForwardQueue(node, path),
            Credentials = BindAuth(Section(node, "credentials", path), Child(path, "credentials")),
        };
    }

    private IReadOnlyList<string> RuleFiles(HoconObject obj, string path)
    {
        var files = StringList(obj, "rule-files", path);
        var resolved = new List<string>(files.Count);
        foreach (var file in files)
        {
            resolved.Add(Path.GetFullPath(file, _baseDirectory));
        }
        return resolved;
    }

    private HoconObject SchemaSection(string name) =>
        _schema.Find(["defaults", name]) as HoconObject ?? HoconObject.Empty();
}

using Aggregator.Shared.Hocon;
using Aggregator.Shared.Topology.Validation;

namespace Aggregator.Shared.Topology;

/// <summary>
/// Loads topology.hocon in layers: the embedded reference.conf (every default), then the user's
/// file over it, substitutions resolved once over both; binds records; runs every validator.
/// </summary>
internal static class TopologyLoader
{
    /// <summary>The name reference.conf positions carry in error messages.</summary>
    public const string ReferenceName = "reference.conf (embedded)";

    private static readonly ITopologyValidator[] Validators =
    [
        new GeneralValidator(),
        new RingValidator(),
        new NodeValidator(),
        new SourceValidator(),
        new SecurityValidator(),
        new LimitsValidator(),
    ];

    private static readonly Lazy<string> ReferenceTextLazy = new(ReadReference);

    /// <summary>The embedded reference.conf.</summary>
    public static string ReferenceText => ReferenceTextLazy.Value;

    /// <summary>Loads and validates a file; paths inside are relative to its directory.</summary>
    public static TopologyLoadResult Load(string path, Func<string, string?>? environment = null)
    {
        if (!File.Exists(path))
        {
            return new TopologyLoadResult(null, [new TopologyError(new HoconPosition(path, 0, 0), "", "file not found")]);
        }
        return Load(() => HoconLoader.ParseFileLayer(path), path, Path.GetDirectoryName(Path.GetFullPath(path))!, environment);
    }

    /// <summary>Loads and validates text (tests, embedded examples); paths are relative to <paramref name="baseDirectory"/>.</summary>
    public static TopologyLoadResult LoadText(string text, string name, string baseDirectory, Func<string, string?>? environment = null) =>
        Load(() => HoconLoader.ParseLayer(text, name), name, baseDirectory, environment);

    private static TopologyLoadResult Load(Func<HoconRawObject> parseUser, string sourceFile, string baseDirectory, Func<string, string?>? environment)
    {
        HoconConfig config;
        HoconObject schema;
        try
        {
            schema = HoconLoader.Resolve([HoconLoader.ParseLayer(ReferenceText, ReferenceName)], _ => null).GetObject("aggregator");
            // Note: the user's file is parsed before the layers resolve, so that a syntax error in it
            // is reported as such rather than as a substitution problem.
            var user = parseUser();
            config = HoconLoader.Resolve([HoconLoader.ParseLayer(ReferenceText, ReferenceName), user], environment);
        }
        catch (HoconException e)
        {
            return new TopologyLoadResult(null, [new TopologyError(e.Position, "", e.Problem)]);
        }
        var errors = new List<TopologyError>();
        var positions = new TopologyPositions();
        var binder = new TopologyBinder(schema, baseDirectory, errors, positions);
        var topology = binder.Bind(config.Root, sourceFile);
        var context = new TopologyValidationContext(positions, binder.UnreadableNodes, errors);
        foreach (var validator in Validators)
        {
            validator.Validate(topology, context);
        }
        var ordered = errors
            .OrderBy(e => e.Position.File == ReferenceName ? 1 : 0)
            .ThenBy(e => e.Position.File, StringComparer.Ordinal)
            .ThenBy(e => e.Position.Line)
            .ThenBy(e => e.Position.Column)
            .ToList();
        return new TopologyLoadResult(topology, ordered);
    }

    private static string ReadReference()
    {
        var assembly = typeof(TopologyLoader).Assembly;
        using var stream = assembly.GetManifestResourceStream("Aggregator.Shared.Topology.reference.conf")
            ?? throw new InvalidOperationException("embedded reference.conf is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

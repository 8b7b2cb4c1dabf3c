namespace Aggregator.Shared.Hosting;

/// <summary>Finds every <see cref="INodeComponent"/> in Aggregator.Shared, in a stable order.</summary>
internal static class NodeComponentCatalog
{
    private static readonly Lazy<IReadOnlyList<Type>> Types = new(() =>
        [.. typeof(INodeComponent).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(INodeComponent).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)]);

    /// <summary>New instances of every component that applies to <paramref name="node"/>.</summary>
    public static IReadOnlyList<INodeComponent> For(NodeContext node) =>
        [.. Types.Value.Select(t => (INodeComponent)Activator.CreateInstance(t)!).Where(c => c.AppliesTo(node))];
}

using Microsoft.AspNetCore.Http;

namespace Aggregator.Shared.Http;

/// <summary>
/// Whose credential a request carried and whose series it may write: a site's credential its own site
/// only, a ring's credential the sites under the ring (and series without a site label, such as the
/// ring's rule results). A request with the tree's credential (or with no authentication configured)
/// has no scope and may write anything.
/// </summary>
internal sealed record WriterScope(string Name, IReadOnlySet<string> Sites, bool AllowsUnlabelled)
{
    private const string ItemKey = "aggregator.writer-scope";

    public static WriterScope? Of(HttpContext context) => context.Items.TryGetValue(ItemKey, out var scope) ? scope as WriterScope : null;

    public void AttachTo(HttpContext context) => context.Items[ItemKey] = this;

    /// <summary>Whether a series with this site label (null: none) may be written.</summary>
    public bool Allows(string? site) => site is null ? AllowsUnlabelled : Sites.Contains(site);
}

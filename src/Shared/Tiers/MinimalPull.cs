using Aggregator.Shared.Rules;
using Aggregator.Shared.Scraping;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// The <c>match[]</c> of a Node's sources that have none configured ("minimal pull", DESIGN): only the
/// selectors the node's rule groups read (<see cref="RuleSelectors.Extract"/>), so a site Prometheus sends
/// what the rules need rather than all it holds. A node without rules, or whose rules read no source
/// series, pulls everything (<c>{__name__=~".+"}</c>) and says so in the log.
/// </summary>
internal static partial class MinimalPull
{
    public static readonly IReadOnlyList<string> Everything = ["{__name__=~\".+\"}"];

    public static IReadOnlyList<string> Selectors(IReadOnlyList<RuleGroupDefinition> groups, ILogger logger)
    {
        if (groups.Count == 0)
        {
            LogEverything(logger, "the node has no rules");
            return Everything;
        }
        var selectors = RuleSelectors.Extract(groups);
        if (selectors.Count == 0)
        {
            // Note: an empty match[] list would make /federate answer nothing at all (FEDERATE_SPEC §2).
            LogEverything(logger, "its rules read no source series");
            return Everything;
        }
        LogMinimal(logger, string.Join(" ", selectors));
        return selectors;
    }

    [LoggerMessage(EventId = ScrapeEventIds.PullEverything, Level = LogLevel.Warning,
        Message = "Sources without match pull every series: {Reason}")]
    private static partial void LogEverything(ILogger logger, string reason);

    [LoggerMessage(EventId = ScrapeEventIds.PullMinimal, Level = LogLevel.Information,
        Message = "Sources without match pull only what the rules read: {Selectors}")]
    private static partial void LogMinimal(ILogger logger, string selectors);
}

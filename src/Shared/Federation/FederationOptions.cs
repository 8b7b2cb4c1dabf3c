using Aggregator.Shared.Model;

namespace Aggregator.Shared.Federation;

/// <summary>Immutable settings of a /federate endpoint.</summary>
public sealed record FederationOptions
{
    /// <summary>The response header naming ring members that did not answer (a partial response).</summary>
    public const string PartialHeader = "X-Aggregator-Partial";

    /// <summary>Labels appended to every sample the series lacks (on a Node: the site label).</summary>
    public IReadOnlyList<Label> ExternalLabels { get; init; } = [];

    /// <summary>How old the newest sample of a series may be and still be served (Prometheus default 5m).</summary>
    public TimeSpan Lookback { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Also accept POST with a form body. Off by default: Prometheus 2.42 answers POST with 405
    /// (golden capture 14_post_form), and /federate is meant to be Prometheus-identical.
    /// </summary>
    public bool AllowPost { get; init; }

    /// <summary>Most <c>match[]</c> selectors in one request (<c>limits.match-per-request</c>); more is a 400.</summary>
    public int MaxMatchers { get; init; } = 256;
}

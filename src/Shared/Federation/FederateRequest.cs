using Aggregator.Shared.PromQl;

namespace Aggregator.Shared.Federation;

/// <summary>
/// A parsed /federate request: its selectors (one per <c>match[]</c>, in order) or the 400 text
/// Prometheus would answer (FEDERATE_SPEC §2: form errors first, then the first bad selector).
/// </summary>
public sealed record FederateRequest(IReadOnlyList<IReadOnlyList<LabelMatcher>> Selectors, bool PartialResponse, string? Error)
{
    /// <summary>The parameter Prometheus reads (a bare <c>match</c> is ignored, as in Prometheus).</summary>
    public const string MatchParameter = "match[]";

    /// <summary>Aggregator extension: <c>partial_response=false</c> turns a partial fan-out into a 503.</summary>
    public const string PartialResponseParameter = "partial_response";

    /// <summary>The <c>reason</c> of a request with more <c>match[]</c> than allowed.</summary>
    public const string TooManyMatchers = "too_many_matchers";

    /// <summary>The <c>reason</c> of a request with a selector that does not parse (or a refused regex).</summary>
    public const string BadSelector = "bad_selector";

    /// <summary>The <c>reason</c> of a request whose form does not parse.</summary>
    public const string BadForm = "bad_form";

    /// <summary>Why the request is refused (a counter's <c>reason</c>), with <see cref="Error"/>.</summary>
    public string? Rejection { get; init; }

    /// <summary>Parses the raw query string and, for a POST form, the raw body (body values first, as Go's ParseForm).</summary>
    public static FederateRequest Parse(string? rawQuery, string? formBody = null, int maxMatchers = int.MaxValue)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        // Note: Go parses a POST body first and reports its error ahead of the query's.
        string? formError = formBody is null ? null : GoForm.Parse(formBody, pairs);
        var queryError = GoForm.Parse(rawQuery ?? string.Empty, pairs);
        formError ??= queryError;
        if (formError is not null)
        {
            return new FederateRequest([], true, "error parsing form values: " + formError) { Rejection = BadForm };
        }
        int matchCount = pairs.Count(p => p.Key == MatchParameter);
        if (matchCount > maxMatchers)
        {
            return new FederateRequest([], true, $"{matchCount} match[] selectors exceed the limit of {maxMatchers} per request (limit match-per-request)")
            {
                Rejection = TooManyMatchers,
            };
        }
        var selectors = new List<IReadOnlyList<LabelMatcher>>();
        bool partial = true;
        foreach (var (name, value) in pairs)
        {
            if (name == PartialResponseParameter && IsGoFalse(value))
            {
                partial = false;
            }
            if (name != MatchParameter)
            {
                continue;
            }
            try
            {
                var matchers = PromQlParser.ParseMetricSelector(value);
                LegacySelectorCheck.ThrowIfQuotedLabelName(value);
                selectors.Add(matchers);
            }
            catch (PromQlParseException e)
            {
                return new FederateRequest([], partial, e.Message) { Rejection = BadSelector };
            }
        }
        return new FederateRequest(selectors, partial, null);
    }

    // Note: strconv.ParseBool's false spellings; anything else leaves partial responses allowed.
    private static bool IsGoFalse(string value) => value is "0" or "f" or "F" or "false" or "FALSE" or "False";
}

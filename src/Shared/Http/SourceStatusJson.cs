using System.Globalization;
using System.Text.Json;
using Aggregator.Shared.Scraping;

namespace Aggregator.Shared.Http;

/// <summary>
/// One source's live part of <c>/api/v1/topology</c>: <c>effectiveMatch</c> (the <c>match[]</c> actually
/// sent, which differs from <c>match</c> under minimal pull), <c>activeReplica</c>, <c>health</c>
/// (<c>up</c>, <c>down</c> or <c>unknown</c> before the first poll, as Prometheus's targets API says it),
/// <c>lastError</c>, <c>lastPoll</c> (RFC 3339), <c>lastPollDuration</c> (seconds), <c>polls</c>, <c>failovers</c>.
/// </summary>
internal static class SourceStatusJson
{
    public static void Write(Utf8JsonWriter json, SourceStatusBoard board, string source)
    {
        var options = board.Sources.FirstOrDefault(s => s.Name == source);
        json.WriteStartArray("effectiveMatch");
        foreach (var selector in options?.Match ?? [])
        {
            json.WriteStringValue(selector);
        }
        json.WriteEndArray();
        var status = board.StatusOf(source);
        if (status is null)
        {
            json.WriteNull("activeReplica");
            json.WriteString("health", "unknown");
            json.WriteString("lastError", "");
            json.WriteNull("lastPoll");
            json.WriteNumber("lastPollDuration", 0);
            json.WriteNumber("polls", 0);
            json.WriteNumber("failovers", 0);
            return;
        }
        json.WriteString("activeReplica", UrlRedaction.Redact(status.ActiveReplica));
        var poll = status.LastPoll;
        json.WriteString("health", poll is null ? "unknown" : poll.Up ? "up" : "down");
        json.WriteString("lastError", UrlRedaction.Redact(poll?.Error));
        if (poll is null)
        {
            json.WriteNull("lastPoll");
        }
        else
        {
            json.WriteString("lastPoll", DateTimeOffset.FromUnixTimeMilliseconds(poll.TimestampMs).ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", CultureInfo.InvariantCulture));
        }
        json.WriteNumber("lastPollDuration", poll?.Duration.TotalSeconds ?? 0);
        json.WriteNumber("polls", status.Polls);
        json.WriteNumber("failovers", status.Failovers);
    }
}

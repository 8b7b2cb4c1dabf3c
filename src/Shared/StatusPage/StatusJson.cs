using Aggregator.Shared.Http;
using System.Text.Json;

using static Aggregator.Shared.Http.JsonWrites;

namespace Aggregator.Shared.StatusPage;

/// <summary>
/// <c>/api/v1/status</c> in Prometheus's API envelope (<c>{"status":"success","data":...}</c>):
/// camelCase keys, unix milliseconds for instants, seconds for durations and ages, null for what is
/// not known yet. The writer's default encoder escapes <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c>, so the
/// same bytes may sit inside the page's script element.
/// </summary>
internal static class StatusJson
{
    public static byte[] Render(StatusSnapshot status)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", "success");
            json.WriteStartObject("data");
            json.WriteString("node", status.Node);
            json.WriteString("role", status.Role);
            WriteNullable(json, "site", status.Site);
            WriteNullable(json, "ring", status.Ring);
            WriteNullable(json, "upstream", status.Upstream);
            json.WriteBoolean("ready", status.Ready);
            WriteStrings(json, "notReadyReasons", status.NotReadyReasons);
            json.WriteNumber("nowMs", status.NowMs);
            WriteArray(json, "members", status.Members, WriteMember);
            WriteArray(json, "sites", status.Sites, WriteSite);
            WriteArray(json, "sources", status.Sources, WriteSource);
            WriteArray(json, "ruleGroups", status.RuleGroups, WriteRuleGroup);
            WriteArray(json, "forwardQueues", status.ForwardQueues, WriteQueue);
            if (status.Reload is { } reload)
            {
                json.WriteStartObject("reload");
                json.WriteBoolean("successful", reload.Successful);
                json.WriteNumber("lastSuccessMs", reload.LastSuccessMs);
                WriteStrings(json, "errors", reload.Errors);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("reload");
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteMember(Utf8JsonWriter json, MemberRow member)
    {
        json.WriteString("id", member.Id);
        json.WriteString("ring", member.Ring);
        json.WriteString("url", UrlRedaction.Redact(member.Url));
        WriteNullable(json, "up", member.Up);
        json.WriteBoolean("self", member.Self);
        if (member.State is { } state)
        {
            json.WriteString("state", state);
        }
    }

    private static void WriteSite(Utf8JsonWriter json, SiteRow site)
    {
        json.WriteString("site", site.Site);
        WriteNullable(json, "lastSeenSeconds", site.LastSeenSeconds);
        WriteNullable(json, "series", site.Series);
        WriteNullable(json, "sourcesUp", site.Sources?.Up);
        WriteNullable(json, "sourcesTotal", site.Sources?.Total);
        json.WriteNumber("freshnessStepSeconds", site.FreshnessStepSeconds);
        json.WriteStartArray("freshness");
        foreach (var age in site.Freshness)
        {
            if (double.IsFinite(age))
            {
                json.WriteNumberValue(Math.Round(age, 1));
            }
            else
            {
                json.WriteNullValue();
            }
        }
        json.WriteEndArray();
    }

    private static void WriteSource(Utf8JsonWriter json, SourceRow source)
    {
        json.WriteString("name", source.Name);
        WriteNullable(json, "up", source.Up);
        json.WriteString("activeReplica", UrlRedaction.Redact(source.ActiveReplica));
        WriteStrings(json, "replicas", [.. source.Replicas.Select(UrlRedaction.Redact)]);
        WriteNullable(json, "lastError", source.LastError is null ? null : UrlRedaction.Redact(source.LastError));
        WriteNullable(json, "lastPollDurationSeconds", source.LastPollDurationSeconds);
        WriteNullable(json, "lastPollMs", source.LastPollMs);
        WriteNullable(json, "samples", source.Samples);
    }

    private static void WriteRuleGroup(Utf8JsonWriter json, RuleGroupStatus group)
    {
        json.WriteString("name", group.Name);
        json.WriteNumber("intervalSeconds", group.Interval.TotalSeconds);
        WriteNullable(json, "lastEvaluationMs", group.LastEvaluationMs);
        json.WriteNumber("durationSeconds", group.Duration.TotalSeconds);
        json.WriteNumber("samples", group.Samples);
        json.WriteNumber("errors", group.Errors);
        WriteNullable(json, "lastError", group.LastError);
    }

    private static void WriteQueue(Utf8JsonWriter json, ForwardQueueStatus queue)
    {
        json.WriteString("member", queue.Member);
        json.WriteNumber("batches", queue.Batches);
        json.WriteNumber("bytes", queue.Bytes);
        json.WriteNumber("droppedBatches", queue.DroppedBatches);
    }

    private static void WriteArray<T>(Utf8JsonWriter json, string name, IReadOnlyList<T> rows, Action<Utf8JsonWriter, T> write)
    {
        json.WriteStartArray(name);
        foreach (var row in rows)
        {
            json.WriteStartObject();
            write(json, row);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}

{{/*
topology.hocon of this release: `topology.hocon` verbatim when given, else rendered from `topology.*`.
Note: every string goes through toJson, because a HOCON quoted string is a JSON string, so selectors
such as {__name__=~"http_.*"} need no escaping by hand.
*/}}
{{- define "aggregator.topology" -}}
{{- if .Values.topology.hocon }}
{{- .Values.topology.hocon }}
{{- else }}
{{- $top := .Values.topology }}
{{- $ring := $top.ring }}
{{- if eq .Values.role "node" }}
{{- $found := false }}
{{- range $top.sites }}{{ if eq .id $.Values.site }}{{ $found = true }}{{ end }}{{ end }}
{{- if not $found }}
{{- fail (printf "site %q (role node) is not the id of any entry in topology.sites" .Values.site) }}
{{- end }}
{{- end -}}
# topology.hocon rendered by the {{ .Chart.Name }} chart {{ .Chart.Version }} for release {{ .Release.Name }} (role {{ .Values.role }}).
# One file serves every pod: each pod runs `--node <id>` with its own id (AGGREGATOR_NODE_ID).
aggregator {
  site-label = {{ toJson $top.siteLabel }}
  lookback = {{ $top.lookback }}
  rings {
    {{ toJson $ring.name }} {
      shards = {{ int $ring.shards }}
      replication-factor = {{ int $ring.replicationFactor }}
      members = [
        {{- range $i := until (int .Values.aggregator.replicas) }}{{ if $i }}, {{ end }}{{ include "aggregator.memberId" (list $ $i) | toJson }}{{ end -}}
      ]
      {{- with $ring.ruleFiles }}
      rule-files = [{{ include "aggregator.ruleFileList" . }}]
      {{- end }}
    }
  }
  nodes {
    {{- range $i := until (int .Values.aggregator.replicas) }}
    {{ include "aggregator.memberId" (list $ $i) | toJson }} { role = aggregator, ring = {{ toJson $ring.name }}, url = {{ include "aggregator.memberUrl" (list $ $i) | toJson }} }
    {{- end }}
    {{- range $top.sites }}
    {{ toJson .id }} {
      role = node
      parent = {{ toJson $ring.name }}
      url = {{ toJson .url }}
      {{- with .site }}
      site = {{ toJson . }}
      {{- end }}
      {{- with .ruleFiles }}
      rule-files = [{{ include "aggregator.ruleFileList" . }}]
      {{- end }}
      sources = [
        {{- range .sources }}
        {
          name = {{ toJson .name }}
          urls = {{ toJson .urls }}
          {{- with .match }}
          match = {{ toJson . }}
          {{- end }}
          {{- with .interval }}
          interval = {{ . }}
          {{- end }}
          {{- with .timeout }}
          timeout = {{ . }}
          {{- end }}
        }
        {{- end }}
      ]
    }
    {{- end }}
  }
  {{- with $top.extraHocon }}
  {{- . | nindent 2 }}
  {{- end }}
}
{{- end }}
{{- end }}

{{/* ["rules/a.yml", "rules/b.yml"]: rule files by name, relative to topology.hocon. */}}
{{- define "aggregator.ruleFileList" -}}
{{- range $i, $f := . }}{{ if $i }}, {{ end }}{{ printf "rules/%s" $f | toJson }}{{ end }}
{{- end }}

{{/* Every rule file the sites name, as a JSON array (for the check that each is given in `rules`). */}}
{{- define "aggregator.siteRuleFiles" -}}
{{- $all := list }}
{{- range .Values.topology.sites }}{{ $all = concat $all (default list .ruleFiles) }}{{ end }}
{{- toJson $all }}
{{- end }}

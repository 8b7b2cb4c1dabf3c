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
    {{- $url := include "aggregator.memberUrl" (list $ $i) }}
    {{ include "aggregator.memberId" (list $ $i) | toJson }} { role = aggregator, ring = {{ toJson $ring.name }}, url = {{ toJson $url }}{{ include "aggregator.listen" (list $ $url false) }} }
    {{- end }}
    {{- range $top.sites }}
    {{ toJson .id }} {
      role = node
      parent = {{ toJson $ring.name }}
      url = {{ toJson .url }}
      {{- with include "aggregator.listen" (list $ .url (and (eq $.Values.role "node") (eq .id $.Values.site))) }}
      {{ trimPrefix ", " . }}
      {{- end }}
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
          {{- with .jitter }}
          jitter = {{ . }}
          {{- end }}
          {{- if hasKey . "honorLabels" }}
          honor-labels = {{ .honorLabels }}
          {{- end }}
          {{- if hasKey . "replicaLabels" }}
          replica-labels = {{ toJson .replicaLabels }}
          {{- end }}
          {{- if hasKey . "sampleLimit" }}
          sample-limit = {{ int .sampleLimit }}
          {{- end }}
          {{- with .bodySizeLimit }}
          body-size-limit = {{ . }}
          {{- end }}
        }
        {{- end }}
      ]
    }
    {{- end }}
  }
  {{- with include "aggregator.security" . }}
  {{- trim . | nindent 2 }}
  {{- end }}
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

{{/*
", listen = ..." for a node entry, or nothing when its url serves. Call with (list $ url isSelf).
Note: check config wants every listen address unique and of the scheme the pods serve (https only
with security.tls), while a url says how others reach the node, often https through an Ingress.
So this release's own site listens on all interfaces; a node whose url has another scheme gets a
listen of the pods' scheme on its url's host (unique, and unused outside that node's own release).
*/}}
{{- define "aggregator.listen" -}}
{{- $root := index . 0 }}
{{- $url := urlParse (index . 1) }}
{{- $scheme := include "aggregator.scheme" $root }}
{{- if index . 2 }}
{{- printf ", listen = %s" (printf "%s://0.0.0.0:%d" $scheme (int $root.Values.port) | toJson) }}
{{- else if ne $url.scheme $scheme }}
{{- printf ", listen = %s" (printf "%s://%s:%d" $scheme $url.hostname (int $root.Values.port) | toJson) }}
{{- end }}
{{- end }}

{{/* The security block: token files and certificates, as the Secrets are mounted by the pod template. */}}
{{- define "aggregator.security" -}}
{{- $token := include "aggregator.hasToken" . }}
{{- if or $token .Values.tls.enabled .Values.clientTls.enabled }}
security {
  {{- if $token }}
  # Callers of this tier's endpoints present the token, and this tier presents it when it calls another.
  auth.bearer-token-file = {{ printf "/etc/aggregator/secrets/%s" .Values.auth.secretKey | toJson }}
  client.auth.bearer-token-file = {{ printf "/etc/aggregator/secrets/%s" .Values.auth.secretKey | toJson }}
  {{- end }}
  {{- if .Values.tls.enabled }}
  tls {
    cert-file = "/etc/aggregator/tls/tls.crt"
    key-file = "/etc/aggregator/tls/tls.key"
    {{- if .Values.tls.verifyClients }}
    client-ca-file = "/etc/aggregator/tls/ca.crt"
    {{- end }}
  }
  {{- end }}
  {{- if .Values.clientTls.enabled }}
  client.tls {
    {{- if .Values.clientTls.verifyWithCa }}
    ca-file = "/etc/aggregator/client-tls/ca.crt"
    {{- end }}
    {{- if .Values.clientTls.presentCertificate }}
    cert-file = "/etc/aggregator/client-tls/tls.crt"
    key-file = "/etc/aggregator/client-tls/tls.key"
    {{- end }}
  }
  {{- end }}
}
{{- end }}
{{- end }}

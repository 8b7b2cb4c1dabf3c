{{/* Chart name, truncated to the 63 characters a DNS label allows. */}}
{{- define "aggregator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of every resource. Note: ring members are "<fullname>-<ordinal>", and site releases derive
the member ids of their parent ring from it, so it must be the same in every release of one tree.
*/}}
{{- define "aggregator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "aggregator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Headless Service of the ring: gives every member a stable DNS name. */}}
{{- define "aggregator.headlessName" -}}
{{- printf "%s-headless" (include "aggregator.fullname" .) }}
{{- end }}

{{- define "aggregator.labels" -}}
helm.sh/chart: {{ include "aggregator.chart" . }}
{{ include "aggregator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Note: the role is part of the selector so that a node and an aggregator release never select each other's pods. */}}
{{- define "aggregator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "aggregator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: {{ .Values.role }}
{{- end }}

{{- define "aggregator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "aggregator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "aggregator.scheme" -}}
{{- if .Values.tls.enabled }}https{{ else }}http{{ end }}
{{- end }}

{{- define "aggregator.tokenSecretName" -}}
{{- default (printf "%s-auth" (include "aggregator.fullname" .)) .Values.auth.existingSecret }}
{{- end }}

{{- define "aggregator.hasToken" -}}
{{- if or .Values.auth.existingSecret .Values.auth.token }}true{{ end }}
{{- end }}

{{/* Id of ring member number $ordinal: the StatefulSet pod name. Call with (list $ $ordinal). */}}
{{- define "aggregator.memberId" -}}
{{- $root := index . 0 }}
{{- printf "%s-%d" (include "aggregator.fullname" $root) (int (index . 1)) }}
{{- end }}

{{/*
URL of ring member $ordinal as this release sees it: the stable in-cluster name for the ring itself,
the external URL (topology.ring.externalUrlTemplate) for a site in another cluster.
*/}}
{{- define "aggregator.memberUrl" -}}
{{- $root := index . 0 }}
{{- $ordinal := int (index . 1) }}
{{- $id := include "aggregator.memberId" (list $root $ordinal) }}
{{- $template := $root.Values.topology.ring.externalUrlTemplate }}
{{- if and (eq $root.Values.role "node") $template }}
{{- $template | replace "{member}" $id | replace "{ordinal}" (toString $ordinal) }}
{{- else }}
{{- printf "%s://%s.%s.%s.svc.%s:%d" (include "aggregator.scheme" $root) $id (include "aggregator.headlessName" $root) $root.Release.Namespace $root.Values.clusterDomain (int $root.Values.port) }}
{{- end }}
{{- end }}

{{/* The node id this pod runs: the pod name for a ring member, the site id for a Node. */}}
{{- define "aggregator.nodeIdEnv" -}}
{{- if eq .Values.role "aggregator" }}
valueFrom:
  fieldRef:
    fieldPath: metadata.name
{{- else }}
value: {{ required "role node needs `site`: the id of this release's entry in topology.sites" .Values.site | quote }}
{{- end }}
{{- end }}

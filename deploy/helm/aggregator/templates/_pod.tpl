{{/* Pod template shared by the ring's StatefulSet and a site's Deployment; only the role differs. */}}
{{- define "aggregator.podTemplate" -}}
metadata:
  labels:
    {{- include "aggregator.selectorLabels" . | nindent 4 }}
    {{- with .Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    # Note: the topology is mounted by subPath, which never sees updates, so a change rolls the pods.
    checksum/topology: {{ include "aggregator.topology" . | sha256sum }}
    checksum/rules: {{ toJson .Values.rules | sha256sum }}
    {{- with .Values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "aggregator.serviceAccountName" . }}
  automountServiceAccountToken: false
  {{- with .Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  securityContext:
    {{- toYaml .Values.podSecurityContext | nindent 4 }}
  terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
  containers:
    - name: {{ .Values.role }}
      image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      # Note: one image holds both executables; the role picks the entry point.
      command:
        - {{ ternary "/app/Aggregator" "/app/Aggregator.Node" (eq .Values.role "aggregator") }}
      args:
        - --config
        - /etc/aggregator/topology.hocon
        - --node
        - $(AGGREGATOR_NODE_ID)
        {{- with .Values.extraArgs }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: POD_NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        - name: AGGREGATOR_NODE_ID
          {{- include "aggregator.nodeIdEnv" . | trim | nindent 10 }}
        # Note: durable forward queues go to the data volume (a PVC when persistence is on), not /tmp.
        - name: AGGREGATOR_DATA_DIR
          value: /var/lib/aggregator
        # Note: no diagnostics IPC socket: the root filesystem is read-only and nothing attaches to it.
        - name: DOTNET_EnableDiagnostics
          value: "0"
        {{- with .Values.extraEnv }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      ports:
        - name: http
          containerPort: {{ .Values.port }}
          protocol: TCP
        {{- if eq .Values.role "aggregator" }}
        - name: cluster
          containerPort: {{ .Values.clusterPort }}
          protocol: TCP
        {{- end }}
      startupProbe:
        httpGet:
          path: /-/healthy
          port: http
          scheme: {{ include "aggregator.scheme" . | upper }}
        periodSeconds: 5
        failureThreshold: {{ .Values.startupProbe.failureThreshold }}
      livenessProbe:
        httpGet:
          path: /-/healthy
          port: http
          scheme: {{ include "aggregator.scheme" . | upper }}
        {{- toYaml .Values.livenessProbe | nindent 8 }}
      readinessProbe:
        httpGet:
          path: /-/ready
          port: http
          scheme: {{ include "aggregator.scheme" . | upper }}
        {{- toYaml .Values.readinessProbe | nindent 8 }}
      resources:
        {{- toYaml .Values.resources | nindent 8 }}
      securityContext:
        {{- toYaml .Values.securityContext | nindent 8 }}
      volumeMounts:
        - name: topology
          mountPath: /etc/aggregator/topology.hocon
          subPath: topology.hocon
          readOnly: true
        - name: rules
          mountPath: /etc/aggregator/rules
          readOnly: true
        {{- if include "aggregator.hasToken" . }}
        - name: auth
          mountPath: /etc/aggregator/secrets
          readOnly: true
        {{- end }}
        {{- if .Values.tls.enabled }}
        - name: tls
          mountPath: /etc/aggregator/tls
          readOnly: true
        {{- end }}
        {{- if .Values.clientTls.enabled }}
        - name: client-tls
          mountPath: /etc/aggregator/client-tls
          readOnly: true
        {{- end }}
        - name: data
          mountPath: /var/lib/aggregator
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: topology
      configMap:
        name: {{ include "aggregator.fullname" . }}-topology
    - name: rules
      configMap:
        name: {{ include "aggregator.fullname" . }}-rules
    {{- if include "aggregator.hasToken" . }}
    - name: auth
      secret:
        secretName: {{ include "aggregator.tokenSecretName" . }}
    {{- end }}
    {{- if .Values.tls.enabled }}
    - name: tls
      secret:
        secretName: {{ required "tls.enabled needs tls.existingSecret" .Values.tls.existingSecret }}
    {{- end }}
    {{- if .Values.clientTls.enabled }}
    - name: client-tls
      secret:
        secretName: {{ required "clientTls.enabled needs clientTls.existingSecret" .Values.clientTls.existingSecret }}
    {{- end }}
    {{- if not (and (eq .Values.role "aggregator") .Values.aggregator.persistence.enabled) }}
    - name: data
      emptyDir: {}
    {{- end }}
    - name: tmp
      emptyDir: {}
  {{- with .Values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- if .Values.affinity }}
  affinity:
    {{- toYaml .Values.affinity | nindent 4 }}
  {{- else if eq .Values.role "aggregator" }}
  # Note: members on different machines, so that losing one machine loses at most one replica of a shard.
  affinity:
    podAntiAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
        - weight: 100
          podAffinityTerm:
            topologyKey: kubernetes.io/hostname
            labelSelector:
              matchLabels:
                {{- include "aggregator.selectorLabels" . | nindent 16 }}
  {{- end }}
  {{- with .Values.topologySpreadConstraints }}
  topologySpreadConstraints:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}

{{/* Labels every object of the chart carries. */}}
{{- define "pteronimbus.labels" -}}
app.kubernetes.io/part-of: pteronimbus
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{/* Selector labels of the operator pods. */}}
{{- define "pteronimbus.operatorSelector" -}}
app.kubernetes.io/name: pteronimbus-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The operator image, tag defaulting to the chart's appVersion. */}}
{{- define "pteronimbus.operatorImage" -}}
{{ .Values.operator.image.repository }}:{{ .Values.operator.image.tag | default .Chart.AppVersion }}
{{- end }}

{{/* The security context of every operator container: non-root, nothing writable. */}}
{{- define "pteronimbus.containerSecurity" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ['ALL']
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Selector labels of the panel pods. */}}
{{- define "pteronimbus.panelSelector" -}}
app.kubernetes.io/name: pteronimbus-panel
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* A map as `key=value` pairs separated by commas, in key order. */}}
{{- define "pteronimbus.pairs" -}}
{{- $pairs := list -}}
{{- range $key, $value := . -}}
{{- $pairs = append $pairs (printf "%s=%s" $key $value) -}}
{{- end -}}
{{- join "," $pairs -}}
{{- end }}

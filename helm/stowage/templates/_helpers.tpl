{{/* Chart name, shortened to the 63 characters a label value allows. */}}
{{- define "stowage.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified name of the release's objects. */}}
{{- define "stowage.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Name with a suffix, kept within 63 characters. */}}
{{- define "stowage.suffixed" -}}
{{- $full := include "stowage.fullname" .root }}
{{- printf "%s-%s" ($full | trunc (int (sub 62 (len .suffix)))) .suffix | trimSuffix "-" }}
{{- end }}

{{- define "stowage.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object of the release. */}}
{{- define "stowage.labels" -}}
helm.sh/chart: {{ include "stowage.chart" . }}
{{ include "stowage.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: stowage
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Selector of the operator pods. Deliberately not app.kubernetes.io/managed-by: the operator uses
that label (value "stowage") to find its own builder pods.
*/}}
{{- define "stowage.selectorLabels" -}}
app.kubernetes.io/name: {{ include "stowage.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "stowage.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "stowage.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* repository:tag or repository@digest; the tag defaults to the chart's appVersion. */}}
{{- define "stowage.imageRef" -}}
{{- $image := .image }}
{{- if $image.digest }}
{{- printf "%s@%s" $image.repository $image.digest }}
{{- else }}
{{- printf "%s:%s" $image.repository (default .appVersion $image.tag) }}
{{- end }}
{{- end }}

{{/* The namespaces the operator watches, validated against rbac.scope. */}}
{{- define "stowage.watchNamespaces" -}}
{{- if and (eq .Values.rbac.scope "namespaced") (empty .Values.watchNamespaces) }}
{{- fail "rbac.scope=namespaced needs the namespaces to watch in watchNamespaces" }}
{{- end }}
{{- join "," .Values.watchNamespaces }}
{{- end }}

{{/* Path of the userns seccomp profile below the kubelet's seccomp root. */}}
{{- define "stowage.seccompLocalhostProfile" -}}
{{- if .Values.config.fuse.seccompProfile }}
{{- .Values.config.fuse.seccompProfile }}
{{- else if .Values.seccompProfile.securityProfilesOperator.enabled }}
{{- printf "operator/%s/%s.json" .Release.Namespace .Values.seccompProfile.name }}
{{- else }}
{{- printf "%s.json" .Values.seccompProfile.name }}
{{- end }}
{{- end }}

{{/* The operator's configuration file (keys are those of the OperatorConfig record). */}}
{{- define "stowage.operatorConfig" -}}
{{- $c := .Values.config }}
{{- $storage := $c.storage }}
{{- if and (has "Host" $storage.allowedModes) (empty $storage.allowedHostPaths) }}
{{- fail "config.storage.allowedModes contains Host but config.storage.allowedHostPaths is empty: list the node directories builds may mount" }}
{{- end }}
builderImage: {{ include "stowage.imageRef" (dict "image" $c.builderImage "appVersion" .Chart.AppVersion) | quote }}
builderImagePullPolicy: {{ $c.builderImage.pullPolicy }}
securityMode: {{ $c.securityMode }}
fuse:
  provider: {{ $c.fuse.provider }}
  resourceName: {{ $c.fuse.resourceName | quote }}
  seccompProfile: {{ include "stowage.seccompLocalhostProfile" . | quote }}
storage:
  allowedModes: {{ toJson $storage.allowedModes }}
  allowedHostPaths: {{ toJson $storage.allowedHostPaths }}
  projectAccessMode: {{ $storage.projectAccessMode }}
defaults:
  timeout: {{ $c.defaults.timeout | quote }}
  infrastructureRetries: {{ int $c.defaults.infrastructureRetries }}
  storageSize: {{ $c.defaults.storageSize | quote }}
  storageClassName: {{ include "stowage.nullableString" $c.defaults.storageClassName }}
  buildCpuRequest: {{ include "stowage.nullableString" $c.defaults.buildCpuRequest }}
  buildMemoryRequest: {{ include "stowage.nullableString" $c.defaults.buildMemoryRequest }}
  buildCpuLimit: {{ include "stowage.nullableString" $c.defaults.buildCpuLimit }}
  buildMemoryLimit: {{ include "stowage.nullableString" $c.defaults.buildMemoryLimit }}
{{- end }}

{{/* A quoted string, or null when empty (the operator then applies no value). */}}
{{- define "stowage.nullableString" -}}
{{- if . }}{{ toString . | quote }}{{ else }}null{{ end }}
{{- end }}

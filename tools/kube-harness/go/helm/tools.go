//go:build tools

// Package tools records the Helm command build.sh compiles so that `go mod tidy` keeps its
// dependencies in go.sum; it is never compiled itself.
package tools

import (
	_ "helm.sh/helm/v3/cmd/helm"
)

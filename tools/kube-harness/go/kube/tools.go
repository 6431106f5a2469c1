//go:build tools

// Package tools records the commands build.sh compiles so that `go mod tidy` keeps their
// dependencies in go.sum; it is never compiled itself.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
)

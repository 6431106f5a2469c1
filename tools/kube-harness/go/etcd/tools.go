//go:build tools

// Package tools records the etcd command build.sh compiles so that `go mod tidy` keeps its
// dependencies in go.sum; it is never compiled itself.
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
)

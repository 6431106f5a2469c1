#!/usr/bin/env bash
# Builds the real Kubernetes control-plane binaries the test harness runs (etcd, kube-apiserver,
# kube-controller-manager), and Helm for the chart test, from source through the Go module proxy. Binaries land in a cache
# folder outside the repository so every checkout on the machine reuses them; a binary that is
# already there is not rebuilt. Usage: build.sh [--force]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
k8s_version="v1.36.3"
helm_version="v3.22.0"
bin_dir="${PTERONIMBUS_KUBE_BIN:-$HOME/.cache/pteronimbus/kube-${k8s_version}}"
force=0
if [[ "${1:-}" == "--force" ]]; then force=1; fi

go_cmd="${GO:-}"
if [[ -z "$go_cmd" ]]; then
  if command -v go >/dev/null 2>&1; then go_cmd="$(command -v go)"
  elif [[ -x /usr/local/go/bin/go ]]; then go_cmd=/usr/local/go/bin/go
  else
    echo "kube-harness: PN_KUBE_GO_MISSING: no Go toolchain found (set GO=/path/to/go)" >&2
    exit 1
  fi
fi

mkdir -p "$bin_dir"

# Test runners of several checkouts may call this at once; one builds, the others wait and
# then find the binaries present.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$bin_dir/.build.lock"
  if ! flock -n 9; then
    echo "kube-harness: another build is running in $bin_dir; waiting for it"
    flock 9
  fi
fi

# Static binaries: the harness only runs them on this machine, and cgo would add a C toolchain
# to the requirements for nothing. -trimpath keeps the build cache shareable across checkouts.
export CGO_ENABLED=0
export GOFLAGS="${GOFLAGS:-} -mod=readonly -trimpath"

version_pkg="k8s.io/component-base/version"
k8s_ldflags="-s -w \
  -X ${version_pkg}.gitVersion=${k8s_version} \
  -X ${version_pkg}.gitMajor=1 \
  -X ${version_pkg}.gitMinor=36 \
  -X ${version_pkg}.gitTreeState=clean \
  -X ${version_pkg}.buildDate=1970-01-01T00:00:00Z"

# build <name> <module dir> <package> <ldflags>
build() {
  local name="$1" module_dir="$2" pkg="$3" ldflags="$4"
  local out="$bin_dir/$name"
  if [[ -x "$out" && "$force" -eq 0 ]]; then
    echo "kube-harness: $name present at $out"
    return 0
  fi
  echo "kube-harness: building $name ($pkg) into $out"
  local started=$SECONDS
  # Build into a temporary name and rename, so an interrupted build never leaves a binary that
  # looks complete to the next run.
  if ! (cd "$module_dir" && "$go_cmd" build -ldflags "$ldflags" -o "$out.partial" "$pkg"); then
    rm -f "$out.partial"
    if [[ "${optional:-0}" -eq 1 ]]; then
      # Only the test that needs it fails then (PN_KUBE_BINARY_MISSING), not every cluster test.
      echo "kube-harness: $name could not be built (see the Go error above); continuing without it" >&2
      return 0
    fi
    echo "kube-harness: PN_KUBE_BUILD_FAILED: go build of $pkg failed (see the Go error above)" >&2
    exit 1
  fi
  mv -f "$out.partial" "$out"
  echo "kube-harness: built $name in $((SECONDS - started))s"
}

build etcd "$here/go/etcd" go.etcd.io/etcd/server/v3 "-s -w"
build kube-apiserver "$here/go/kube" k8s.io/kubernetes/cmd/kube-apiserver "$k8s_ldflags"
build kube-controller-manager "$here/go/kube" k8s.io/kubernetes/cmd/kube-controller-manager "$k8s_ldflags"
# Helm, for the chart test (`helm template` rendered and applied to the apiserver with dry-run).
optional=1 build helm "$here/go/helm" helm.sh/helm/v3/cmd/helm \
  "-s -w -X helm.sh/helm/v3/internal/version.version=${helm_version}"

echo "kube-harness: binaries ready in $bin_dir"

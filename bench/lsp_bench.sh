#!/usr/bin/env bash
# lsp_bench.sh: how fast `kadenz lsp` answers a change to the Coburg policy (didChange → published
# diagnostics, in process), against compile + analyze of the same text measured in the same run.
# Builds nothing.
#
#   bench/lsp_bench.sh [BUILD_DIR]        (default: build)
#
# Environment: CHANGES (default 200).
set -eu
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
bench=$build/bench/lsp_bench
[ -x "$bench" ] || { echo "lsp_bench.sh: $bench is not built (cmake --build $build)" >&2; exit 2; }
"$bench" "$here/../policies/coburg-land-2017.kadenz" "${CHANGES:-200}"

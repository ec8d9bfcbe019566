#!/usr/bin/env bash
# make-caseload.sh: writes the synthetic caseload of the what-if examples (caseload.csv beside
# this script): 4,000 customers made by bench/gen/caseload_gen with a fixed seed, placed around
# the evaluation date 2017-03-01. No real data: the file is a pure function of these arguments,
# so running this script again gives the committed file byte for byte.
#
#   examples/whatif/make-caseload.sh [-o FILE] [BUILD_DIR]
#
# Uses BUILD_DIR/bench/caseload_gen if it is there (default BUILD_DIR: build); otherwise compiles
# bench/gen/caseload_gen.cpp with c++ into a temporary directory (it needs only the standard
# library). -o FILE writes elsewhere (e.g. to compare with the committed file).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$here/caseload.csv
if [[ ${1:-} == -o ]]; then
  out=${2:?make-caseload.sh: -o needs a file}
  shift 2
fi
build=${1:-$root/build}

# The caseload's parameters. Changing any of them changes every row.
rows=4000
seed=2017
as_of=2017-03-01

gen=$build/bench/caseload_gen
if [[ ! -x $gen ]]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  c++ -std=c++20 -O2 -o "$tmp/caseload_gen" "$root/bench/gen/caseload_gen.cpp"
  gen=$tmp/caseload_gen
fi
"$gen" --rows "$rows" --seed "$seed" --as-of "$as_of" >"$out"
echo "make-caseload.sh: $rows rows written to $out (caseload_gen --rows $rows --seed $seed --as-of $as_of)" >&2

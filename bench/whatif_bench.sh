#!/usr/bin/env bash
# whatif_bench.sh: measures `kadenz whatif` (two policies over one caseload, in one pass) against
# one `kadenz eval` of the base policy on the same synthetic caseload of 1,000,000 rows
# (caseload_gen --seed 1), and prints a markdown table. Builds nothing.
#
#   bench/whatif_bench.sh [BUILD_DIR]        (default: build)
#
# Base: policies/coburg-land-2017.kadenz; variant: examples/whatif/marktnah-monatlich.kadenz.
# Commands, each with default jobs (all cores) and with -j 1, best of RUNS for wall and for
# user+sys time separately (bash's `time`):
#   kadenz eval   BASE C --as-of D -o /dev/null
#   kadenz whatif BASE VARIANT C --as-of D > /dev/null
#   kadenz whatif BASE VARIANT C --as-of D --changes /dev/null > /dev/null   (for scale)
# The issue's target: whatif in under 2x the time of one eval.
#
# Environment: ROWS (default 1000000), AS_OF (default 2017-03-01), RUNS (default 3).
set -u

build=${1:-build}
kadenz=$build/kadenz
gen=$build/bench/caseload_gen
here=$(cd "$(dirname "$0")" && pwd)
base=$here/../policies/coburg-land-2017.kadenz
variant=$here/../examples/whatif/marktnah-monatlich.kadenz
rows=${ROWS:-1000000}
as_of=${AS_OF:-2017-03-01}
runs=${RUNS:-3}

# shellcheck source=bench/timing.sh
source "$(dirname "$0")/timing.sh"
need_built whatif_bench.sh "$build" "$kadenz" "$gen"

make_workdir

# kadenz exits with 1 when some rows carry errors (the generated caseload has some by design),
# so only 2 is a failure (check_runs below).

# The commands must work before they are timed: exit 2 means nothing was evaluated.
check_runs() {
  "$@" >/dev/null 2>"$work/err"
  if (($? > 1)); then
    echo "whatif_bench.sh: failed: $*" >&2
    cat "$work/err" >&2
    exit 2
  fi
}

echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); $(date -u +%Y-%m-%dT%H:%MZ)"
echo

input=$work/caseload.csv
"$gen" --rows "$rows" --seed 1 --as-of "$as_of" >"$input"
echo "caseload: $rows rows, $(($(stat -c %s "$input") / 1000000)) MB (caseload_gen --rows $rows --seed 1 --as-of $as_of)"
check_runs "$kadenz" eval "$base" "$input" --as-of "$as_of" -o /dev/null
check_runs "$kadenz" whatif "$base" "$variant" "$input" --as-of "$as_of"
"$kadenz" whatif "$base" "$variant" "$input" --as-of "$as_of" 2>&1 >/dev/null | sed 's/^/whatif: /'
echo

declare -A wall cpu
for jobs in default 1; do
  j=()
  [[ $jobs == 1 ]] && j=(-j 1)
  read -r wall[eval$jobs] cpu[eval$jobs] <<<"$(best "$runs" "$kadenz" eval "$base" "$input" --as-of "$as_of" -o /dev/null "${j[@]}")"
  read -r wall[whatif$jobs] cpu[whatif$jobs] <<<"$(best "$runs" "$kadenz" whatif "$base" "$variant" "$input" --as-of "$as_of" "${j[@]}")"
  read -r wall[changes$jobs] cpu[changes$jobs] <<<"$(best "$runs" "$kadenz" whatif "$base" "$variant" "$input" --as-of "$as_of" --changes /dev/null "${j[@]}")"
done

echo "| $rows rows, best of $runs | jobs | wall s | user+sys s | wall ÷ eval | user+sys ÷ eval |"
echo "|---|---:|---:|---:|---:|---:|"
for jobs in default 1; do
  label=$jobs
  [[ $jobs == default ]] && label="$(nproc) (default)"
  echo "| kadenz eval -o /dev/null | $label | ${wall[eval$jobs]} | ${cpu[eval$jobs]} | 1.00 | 1.00 |"
  echo "| kadenz whatif | $label | ${wall[whatif$jobs]} | ${cpu[whatif$jobs]} | $(div "${wall[whatif$jobs]}" "${wall[eval$jobs]}") | $(div "${cpu[whatif$jobs]}" "${cpu[eval$jobs]}") |"
  echo "| kadenz whatif --changes /dev/null | $label | ${wall[changes$jobs]} | ${cpu[changes$jobs]} | $(div "${wall[changes$jobs]}" "${wall[eval$jobs]}") | $(div "${cpu[changes$jobs]}" "${cpu[eval$jobs]}") |"
done
echo

echo "Target: whatif under 2× one eval (wall and user+sys, same jobs):"
for jobs in default 1; do
  rw=$(div "${wall[whatif$jobs]}" "${wall[eval$jobs]}")
  rc=$(div "${cpu[whatif$jobs]}" "${cpu[eval$jobs]}")
  echo "- jobs $jobs: wall $(verdict lt "$rw" 2) (${rw}×), user+sys $(verdict lt "$rc" 2) (${rc}×)"
done

#!/usr/bin/env bash
# check_bench.sh: measures `kadenz check` on synthetic policies of 100 to 5,000 rules × 5
# attributes (bench/gen/policy_gen, clean and with 3 planted gaps + 3 planted overlaps) and on
# the shipped Coburg policy, checks that the findings are exactly the planted ones, and prints
# a markdown table. Builds nothing.
#
#   bench/check_bench.sh [BUILD_DIR]        (default: build)
#
# Times are process time (user + sys) in milliseconds, the best of 3 runs (Coburg: best of 10),
# taken with bash's `time` (getrusage, microsecond resolution; /usr/bin/time's %U has only
# 10 ms). The machine is shared and noisy, so each row also measures a fixed reference workload
# that does not depend on the analyzer (`caseload_gen --rows 200000`, about 0.1 s) and gives
# each time as a ratio to it: ratios compare across runs and machines better than times.
# A synthetic check that runs longer than 60 s is stopped and marked.
#
# Environment: SEED (default 1) selects the generated policies; SIZES (default
# "100 300 1000 1500 3000 5000") the rule counts; TIMEOUT (default 60) the limit in seconds.
set -u

build=${1:-build}
kadenz=$build/kadenz
gen=$build/bench/policy_gen
ref_gen=$build/bench/caseload_gen
here=$(cd "$(dirname "$0")" && pwd)
coburg=$here/../policies/coburg-land-2017.kadenz
seed=${SEED:-1}
sizes=${SIZES:-"100 300 1000 1500 3000 5000"}
attributes=5
timeout_s=${TIMEOUT:-60}
runs=3
coburg_runs=10

# shellcheck source=bench/timing.sh
source "$(dirname "$0")/timing.sh"
need_built check_bench.sh "$build" "$kadenz" "$gen" "$ref_gen"

make_workdir

# cpu_ms CMD…: process time (user+sys, ms) of one run of CMD, output discarded; sets $status.
cpu_ms() {
  local t
  t=$( { TIMEFORMAT='%3U %3S'; time "$@" >/dev/null 2>&1; } 2>&1 )
  status=$(( $? ))
  awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%.0f", (a[1] + a[2]) * 1000 }'
}

# best_ms N CMD…: the best of N runs; "timeout" if a run hit the time limit (then no more runs).
best_ms() {
  local n=$1 best="" t i
  shift
  for ((i = 0; i < n; ++i)); do
    t=$(cpu_ms "$@"; echo " $status")
    if [[ ${t#* } == 124 ]]; then
      echo timeout
      return
    fi
    t=${t% *}
    if [[ -z $best ]] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
  done
  echo "$best"
}

fmt_t() { [[ $1 == timeout ]] && echo "**> ${timeout_s} s (stopped)**" || echo "$1"; }

ratio() { [[ $1 == timeout ]] && echo "–" || awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

reference() { best_ms "$runs" "$ref_gen" --rows 200000 --seed 1; }

# Compares what `kadenz check` reported (file $1) with what policy_gen planted (file $2).
# Prints "gaps found/expected|overlaps found/expected|other errors|verdict".
verify() {
  local out=$1 planted=$2
  local gaps overlaps others exp_gaps exp_overlaps want got verdict=ok
  gaps=$(grep -c '^error\[gap\]' "$out")
  overlaps=$(grep -c '^error\[overlap\]' "$out")
  others=$(grep '^error' "$out" | grep -vc '^error\[gap\]\|^error\[overlap\]')
  exp_gaps=$(sed -n 's/^expected: gaps=\([0-9]*\) .*/\1/p' "$planted")
  exp_overlaps=$(sed -n 's/^expected: .*overlaps=\([0-9]*\)$/\1/p' "$planted")
  # the overlapping pairs, by name, must be exactly the planted ones
  want=$(sed -n 's/^expected overlap: //p' "$planted" | sort)
  got=$(sed -n 's/^error\[overlap\]: rules `\([^`]*\)` ([^)]*) and `\([^`]*\)`.*/\1 \2/p' "$out" | sort)
  if [[ $gaps != "$exp_gaps" || $overlaps != "$exp_overlaps" || $others != 0 || $want != "$got" ]]; then
    verdict="**WRONG**"
  fi
  if grep -q 'analysis-limit\|not-analysed\|unconfirmed' "$out"; then verdict="$verdict (incomplete analysis)"; fi
  echo "$gaps/$exp_gaps|$overlaps/$exp_overlaps|$others|$verdict"
}

echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| rules | clean: ms | ÷ ref | 3 gaps + 3 overlaps: ms | ÷ ref | ref ms | clean: errors | gaps found/planted | overlaps found/planted | findings |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"

wrong=()
slow=()
declare -A clean_ms planted_ms
for n in $sizes; do
  ref=$(reference)
  "$gen" --rules "$n" --attributes "$attributes" --seed "$seed" >"$work/clean.kadenz" 2>"$work/clean.planted"
  "$gen" --rules "$n" --attributes "$attributes" --seed "$seed" --gaps 3 --overlaps 3 \
    >"$work/planted.kadenz" 2>"$work/planted.planted"
  # correctness from one run each (--notes: incomplete-analysis notes must show)
  timeout "$timeout_s" "$kadenz" check "$work/clean.kadenz" --notes >/dev/null 2>"$work/clean.out"
  clean_status=$?
  timeout "$timeout_s" "$kadenz" check "$work/planted.kadenz" --notes >/dev/null 2>"$work/planted.out"
  planted_status=$?
  c=$(best_ms "$runs" timeout "$timeout_s" "$kadenz" check "$work/clean.kadenz")
  p=$(best_ms "$runs" timeout "$timeout_s" "$kadenz" check "$work/planted.kadenz")
  clean_ms[$n]=$c
  planted_ms[$n]=$p
  IFS='|' read -r _ _ _ clean_verdict <<<"$(verify "$work/clean.out" "$work/clean.planted")"
  clean_errors=$(grep -c '^error' "$work/clean.out")
  IFS='|' read -r g o _ planted_verdict <<<"$(verify "$work/planted.out" "$work/planted.planted")"
  # a stopped check reported nothing to judge: slow, not wrong
  ((clean_status == 124)) && clean_verdict="not checked (stopped)" && clean_errors="–"
  ((planted_status == 124)) && planted_verdict="not checked (stopped)" && g="–" && o="–"
  verdict=$planted_verdict
  [[ $clean_verdict != ok ]] && verdict="clean: $clean_verdict; planted: $planted_verdict"
  [[ $c == timeout ]] && slow+=("$n rules, clean")
  [[ $p == timeout ]] && slow+=("$n rules, 3 gaps + 3 overlaps")
  cmd="$gen --rules $n --attributes $attributes --seed $seed"
  [[ $clean_verdict != ok && $clean_status != 124 ]] && wrong+=("$cmd > p.kadenz && $kadenz check p.kadenz")
  [[ $planted_verdict != ok && $planted_status != 124 ]] &&
    wrong+=("$cmd --gaps 3 --overlaps 3 > p.kadenz && $kadenz check p.kadenz")
  echo "| $n | $(fmt_t "$c") | $(ratio "$c" "$ref") | $(fmt_t "$p") | $(ratio "$p" "$ref") | $ref | $clean_errors | $g | $o | $verdict |"
done

ref=$(reference)
coburg_ms=$(best_ms "$coburg_runs" "$kadenz" check "$coburg")
echo "| Coburg (7 rules) | $coburg_ms | $(ratio "$coburg_ms" "$ref") | | | $ref | $(timeout "$timeout_s" "$kadenz" check "$coburg" 2>&1 | grep -c '^error') | | | |"
echo

# the targets of the issue
target() {  # target NAME MS LIMIT
  if [[ -z $2 ]]; then
    echo "- $1: not measured"
  elif [[ $2 != timeout ]] && awk -v a="$2" -v b="$3" 'BEGIN { exit !(a < b) }'; then
    echo "- $1: met ($2 ms < $3 ms)"
  else
    echo "- $1: **missed** ($2 ms, target < $3 ms)"
  fi
}
worst_1500=${planted_ms[1500]:-}
if [[ ${clean_ms[1500]:-} == timeout ]] ||
   { [[ -n ${clean_ms[1500]:-} && $worst_1500 != timeout ]] &&
     awk -v a="${clean_ms[1500]}" -v b="$worst_1500" 'BEGIN { exit !(a > b) }'; }; then
  worst_1500=${clean_ms[1500]}
fi
target "1,500 rules × 5 attributes (slower of clean and planted)" "$worst_1500" 300
target "Coburg policy" "$coburg_ms" 20
for n in "${slow[@]}"; do echo "- $n: stopped after ${timeout_s} s"; done
if ((${#wrong[@]})); then
  echo "- wrong findings; reproduce with:"
  for w in "${wrong[@]}"; do echo "  - \`$w\`"; done
else
  echo "- findings: every planted gap and overlap found, nothing else, no error on a clean policy$( ((${#slow[@]})) && echo " (of the checks that finished)")"
fi

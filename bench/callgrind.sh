#!/usr/bin/env bash
# callgrind.sh: instructions per record of the evaluator, counted by valgrind's callgrind, which
# does not depend on the machine's load (the wall times of eval_bench.sh do). Builds nothing.
#
#   bench/callgrind.sh [BUILD_DIR]        (default: build)
#
# Prints two numbers on the Coburg policy and ROWS rows of `caseload_gen --seed 1` as of
# 2017-03-01 (the numbers bench/RESULTS.md tracks from commit to commit):
# - evaluate_record, instructions per evaluation: inclusive cost of evaluate_record under
#   `eval_inmemory --repeat 5`, divided by rows × 5 (records that fail to read are skipped by
#   eval_inmemory, so the divisor counts only the evaluated ones, as it reports them);
# - kadenz eval -j 1, instructions per row: the whole process (reading, deciding, writing the
#   output to /dev/null), divided by rows.
#
# Environment: ROWS (default 100000).
set -u

build=${1:-build}
kadenz=$build/kadenz
gen=$build/bench/caseload_gen
inmem=$build/bench/eval_inmemory
here=$(cd "$(dirname "$0")" && pwd)
policy=$here/../policies/coburg-land-2017.kadenz
rows=${ROWS:-100000}
as_of=2017-03-01

# shellcheck source=bench/timing.sh
source "$here/timing.sh"
need_built callgrind.sh "$build" "$kadenz" "$gen" "$inmem"
if ! command -v valgrind >/dev/null || ! command -v callgrind_annotate >/dev/null; then
  echo "callgrind.sh: valgrind not found (Debian: apt-get install valgrind)" >&2
  exit 2
fi
make_workdir

"$gen" --rows "$rows" --seed 1 --as-of "$as_of" >"$work/caseload.csv"

# evaluate_record: inclusive instructions over the 5 timed passes.
valgrind --tool=callgrind --callgrind-out-file="$work/inmem.out" \
  "$inmem" "$policy" "$work/caseload.csv" --as-of "$as_of" --repeat 5 >/dev/null 2>"$work/inmem.err"
evaluated=$(sed -n 's/.*: \([0-9]*\) records x.*/\1/p' "$work/inmem.err" | tail -n 1)
[[ -n $evaluated ]] || evaluated=$rows
inclusive=$(callgrind_annotate --inclusive=yes "$work/inmem.out" 2>/dev/null |
  awk '/evaluate_record/ { gsub(",", "", $1); print $1; exit }')
# The whole eval process, -j 1.
valgrind --tool=callgrind --callgrind-out-file="$work/eval.out" \
  "$kadenz" eval "$policy" "$work/caseload.csv" --as-of "$as_of" -j 1 >/dev/null 2>&1
total=$(callgrind_annotate "$work/eval.out" 2>/dev/null |
  awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }')

echo "callgrind, $rows rows (caseload_gen --seed 1), as of $as_of, build: $build"
echo "| measure | instructions | per record |"
echo "|---|---:|---:|"
echo "| evaluate_record, inclusive (eval_inmemory --repeat 5, $evaluated records × 5) | $inclusive | $(awk -v a="$inclusive" -v b="$evaluated" 'BEGIN { printf "%.1f", a / (b * 5) }') |"
echo "| kadenz eval -j 1, whole process | $total | $(awk -v a="$total" -v b="$rows" 'BEGIN { printf "%.0f", a / b }') |"

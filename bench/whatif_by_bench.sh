#!/usr/bin/env bash
# whatif_by_bench.sh: measures `kadenz whatif` with and without `--by COLUMN` (issue 17) on the
# synthetic caseload of 1,000,000 rows (caseload_gen --seed 1) in the same run, and prints a
# markdown table. Builds nothing.
#
#   bench/whatif_by_bench.sh [BUILD_DIR]        (default: build)
#
# Base: policies/coburg-land-2017.kadenz; variant: examples/whatif/marktnah-monatlich.kadenz.
# The generated caseload has no team column, so one is appended deterministically by awk:
# team = nord / mitte / sued by data row number (row 1 nord, row 2 mitte, …). Commands:
#   kadenz whatif BASE VARIANT C --as-of D > /dev/null
#   kadenz whatif BASE VARIANT C --as-of D --by team > /dev/null
#   kadenz whatif BASE VARIANT C --as-of D --by status > /dev/null     (an existing column)
# Wall clock: default jobs, median of RUNS, the three commands alternating round by round.
# Instructions: valgrind --tool=callgrind, -j 1, the same commands on CG_ROWS rows (the first
# CG_ROWS rows of the same generator and seed, with the same team column), whole process ÷ rows.
# The issue's target: whatif --by within 1.5x of whatif without it.
#
# Environment: ROWS (default 1000000), CG_ROWS (default 20000), AS_OF (default 2017-03-01),
# RUNS (default 3). Temporary files in a mktemp directory (under /tmp), removed at exit.
set -u

build=${1:-build}
kadenz=$build/kadenz
gen=$build/bench/caseload_gen
here=$(cd "$(dirname "$0")" && pwd)
base=$here/../policies/coburg-land-2017.kadenz
variant=$here/../examples/whatif/marktnah-monatlich.kadenz
rows=${ROWS:-1000000}
cg_rows=${CG_ROWS:-20000}
as_of=${AS_OF:-2017-03-01}
runs=${RUNS:-3}

# shellcheck source=bench/timing.sh
source "$here/timing.sh"
need_built whatif_by_bench.sh "$build" "$kadenz" "$gen"
if ! command -v valgrind >/dev/null || ! command -v callgrind_annotate >/dev/null; then
  echo "whatif_by_bench.sh: valgrind not found (Debian: apt-get install valgrind)" >&2
  exit 2
fi

make_workdir

# kadenz exits with 1 when some rows carry errors (the generated caseload has some by design),
# so only 2 is a failure.
check_runs() {
  "$@" >/dev/null 2>"$work/err"
  if (($? > 1)); then
    echo "whatif_by_bench.sh: failed: $*" >&2
    cat "$work/err" >&2
    exit 2
  fi
}

# median of the numbers given
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# with_team N FILE: N rows of caseload_gen --seed 1 with a team column appended. Some generated
# records have quoted cells over several lines, so a record ends at a line end outside quotes
# (an even number of `"` so far).
with_team() {
  "$gen" --rows "$1" --seed 1 --as-of "$as_of" |
    awk -v count="$work/records" 'BEGIN { split("nord mitte sued", t, " ") }
      { q += gsub(/"/, "&"); if (q % 2) { print; next } q = 0 }
      n == 0 { print $0 ",team"; n = 1; next }
      { print $0 "," t[(n - 1) % 3 + 1]; ++n }
      END { print n - 1 > count }' >"$2"
  if (($(cat "$work/records") != $1)); then
    echo "whatif_by_bench.sh: $2 has $(cat "$work/records") records for $1 rows" >&2
    exit 2
  fi
}

echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
echo

input=$work/caseload.csv
with_team "$rows" "$input"
echo "caseload: $rows rows, $(($(stat -c %s "$input") / 1000000)) MB (caseload_gen --rows $rows --seed 1 --as-of $as_of, + team by row number)"

names=(plain team status)
declare -A args=([plain]="" [team]="--by team" [status]="--by status")
for n in "${names[@]}"; do
  # shellcheck disable=SC2086
  check_runs "$kadenz" whatif "$base" "$variant" "$input" --as-of "$as_of" ${args[$n]}
done

declare -A walls cpus
for ((i = 0; i < runs; ++i)); do
  for n in "${names[@]}"; do
    # shellcheck disable=SC2086
    read -r w c <<<"$(times "$kadenz" whatif "$base" "$variant" "$input" --as-of "$as_of" ${args[$n]})"
    walls[$n]="${walls[$n]:-} $w"
    cpus[$n]="${cpus[$n]:-} $c"
  done
done

# Instructions, -j 1, on a smaller file.
small=$work/small.csv
with_team "$cg_rows" "$small"
declare -A instr
for n in "${names[@]}"; do
  # shellcheck disable=SC2086
  valgrind --tool=callgrind --callgrind-out-file="$work/$n.out" \
    "$kadenz" whatif "$base" "$variant" "$small" --as-of "$as_of" -j 1 ${args[$n]} >/dev/null 2>&1
  instr[$n]=$(callgrind_annotate "$work/$n.out" 2>/dev/null |
    awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }')
done

echo
echo "| kadenz whatif | wall s, median of $runs ($rows rows, default jobs) | wall ÷ without | user+sys s, median | user+sys ÷ without | instr/row ($cg_rows rows, -j 1) | instr ÷ without |"
echo "|---|---:|---:|---:|---:|---:|---:|"
declare -A mw mc ipr
for n in "${names[@]}"; do
  # shellcheck disable=SC2086
  mw[$n]=$(median ${walls[$n]})
  # shellcheck disable=SC2086
  mc[$n]=$(median ${cpus[$n]})
  ipr[$n]=$(awk -v a="${instr[$n]}" -v b="$cg_rows" 'BEGIN { printf "%.0f", a / b }')
done
for n in "${names[@]}"; do
  label="without --by"
  [[ $n != plain ]] && label="${args[$n]}"
  echo "| $label | ${mw[$n]} | $(div "${mw[$n]}" "${mw[plain]}") | ${mc[$n]} | $(div "${mc[$n]}" "${mc[plain]}") | ${ipr[$n]} | $(div "${instr[$n]}" "${instr[plain]}") |"
done
echo
for n in "${names[@]}"; do echo "runs, wall s, ${args[$n]:-without --by}:${walls[$n]}"; done
echo
echo "Target: whatif --by within 1.5× of whatif without it:"
for n in team status; do
  rw=$(div "${mw[$n]}" "${mw[plain]}")
  ri=$(div "${instr[$n]}" "${instr[plain]}")
  echo "- ${args[$n]}: wall $(verdict le "$rw" 1.5) (${rw}×), instructions $(verdict le "$ri" 1.5) (${ri}×)"
done

#!/usr/bin/env bash
# check_scale.sh: `kadenz check` on the policy shapes that once took minutes (issue 11): many
# small tables each with a finding, and one table of many rules `n = i` with a planted gap.
# Each is generated here with awk, checked once for its findings and timed (best of 3, process
# time), with peak memory (/usr/bin/time %M when present) and a ratio to a reference workload
# measured in the same run (`caseload_gen --rows 200000`), because the machine is noisy.
#
#   bench/check_scale.sh [BUILD_DIR]        (default: build)
#
# Environment: TABLES (default "1000 5000") table counts, RULES (default "5000 20000") rule counts.
set -u

build=${1:-build}
kadenz=$build/kadenz
ref_gen=$build/bench/caseload_gen
tables=${TABLES:-"1000 5000"}
rules=${RULES:-"5000 20000"}

# shellcheck source=bench/timing.sh
source "$(dirname "$0")/timing.sh"
need_built check_scale.sh "$build" "$kadenz" "$ref_gen"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

header='policy "scale"\n  valid from 01.01.2017\n\nfacts\n  id: text, key\n  n: int\n  s: one of a, b\nend\n'

# N tables; in each, rule b can never decide under `hit first` (rule a covers it): one warning
# with an example customer per table, each example replayed through the whole policy.
shadowed_tables() {
  awk -v n="$1" -v h="$header" 'BEGIN { printf h; for (t = 0; t < n; ++t)
    printf "table t%d: int, hit first\n  rule a §1 when n > %d then 1\n  rule b §2 when n > %d and s = a then 2\n  rule c §3 otherwise then 3\nend\n", t, t, t + 5;
    print "output v = t0" }'
}

# N tables; each has a gap (n > t, s = b) that only shows past the gap of table t0.
gap_tables() {
  awk -v n="$1" -v h="$header" 'BEGIN { printf h; for (t = 0; t < n; ++t)
    printf "table t%d: int, hit first\n  rule a §1 when n > %d and s = a then 1\n  rule b §2 when n <= %d then 2\nend\n", t, t, t;
    print "output v = t0" }'
}

# One `hit unique` table of N rules `n = i`: every n outside 0..N-1 falls through (one gap).
equality_rules() {
  awk -v n="$1" -v h="$header" 'BEGIN { printf h; print "table t: int, hit unique";
    for (i = 0; i < n; ++i) printf "  rule r%d §%d when n = %d then %d\n", i, i, i, i;
    print "end\noutput v = t" }'
}

peak_kb() {
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1
  else
    echo "–"
  fi
}

echo "machine: $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| policy | size | cpu ms | ÷ ref | peak MB | errors | warnings | notes | gap / limit |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
run() {  # run NAME SIZE FILE
  local ref c m out
  read -r _ ref <<<"$(best 3 "$ref_gen" --rows 200000 --seed 1)"
  read -r _ c <<<"$(best 3 "$kadenz" check "$3")"
  m=$(peak_kb "$kadenz" check "$3")
  out=$("$kadenz" check "$3" --notes 2>&1 >/dev/null)
  local e w n extra
  e=$(grep -c '^error' <<<"$out")
  w=$(grep -c '^warning' <<<"$out")
  n=$(grep -c '^note' <<<"$out")
  extra=$(grep -o 'examples-limit\|analysis-incomplete\|error\[gap\]' <<<"$out" | sort | uniq -c | tr '\n' ' ')
  echo "| $1 | $2 | $(awk -v c="$c" 'BEGIN { printf "%.0f", c * 1000 }') | $(div "$c" "$ref") | $( [[ $m == – ]] && echo – || awk -v k="$m" 'BEGIN { printf "%.0f", k / 1024 }') | $e | $w | $n | $extra |"
}
for t in $tables; do
  shadowed_tables "$t" >"$work/shadowed.kadenz"
  run "tables with an unreachable rule each" "$t tables" "$work/shadowed.kadenz"
  gap_tables "$t" >"$work/gaps.kadenz"
  run "tables with a gap each (behind t0's)" "$t tables" "$work/gaps.kadenz"
done
for r in $rules; do
  equality_rules "$r" >"$work/rules.kadenz"
  run "one table of rules n = i" "$r rules" "$work/rules.kadenz"
done

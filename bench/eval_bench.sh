#!/usr/bin/env bash
# eval_bench.sh: measures `kadenz eval` with the Coburg policy against the hand-written
# reference (bench/reference/coburg_reference.cpp) on a synthetic caseload of 1,000,000 rows
# (caseload_gen --seed 1), and prints markdown tables. Builds nothing.
#
#   bench/eval_bench.sh [BUILD_DIR]        (default: build)
#
# (a) in memory: `coburg_reference --in-memory 5` vs `eval_inmemory --repeat 5` (records parsed
#     once, evaluation only), ns/record;
# (b) CSV in -> CSV out: reference vs `kadenz eval -j 1` and `kadenz eval` (default: all cores),
#     wall and user+sys time, best of 3 each, output to /dev/null;
# (c) peak RSS (/usr/bin/time -f %M) of `kadenz eval` on 1 M and 10 M rows (10 M only if the
#     temp dir has room for the ~1 GB file);
# (d) process time of `kadenz check` and of `kadenz dump --stage program` (compile proxy) on the
#     Coburg policy, best of 10, and of `kadenz --help` (process start-up) for scale.
# The outputs of the reference and of kadenz eval on the 1 M file are compared column by column,
# the error column only as "empty or not" (as tests/test_differential.cpp does).
#
# Environment: ROWS (default 1000000), BIG_ROWS (default 10000000; 0 skips), AS_OF (default
# 2017-03-01), RUNS (default 3).
set -u

build=${1:-build}
kadenz=$build/kadenz
ref=$build/bench/coburg_reference
gen=$build/bench/caseload_gen
inmem=$build/bench/eval_inmemory
here=$(cd "$(dirname "$0")" && pwd)
policy=$here/../policies/coburg-land-2017.kadenz
rows=${ROWS:-1000000}
big_rows=${BIG_ROWS:-10000000}
as_of=${AS_OF:-2017-03-01}
runs=${RUNS:-3}

# shellcheck source=bench/timing.sh
source "$(dirname "$0")/timing.sh"
need_built eval_bench.sh "$build" "$kadenz" "$ref" "$gen" "$inmem"
if [[ ! -x /usr/bin/time ]]; then
  echo "eval_bench.sh: /usr/bin/time not found (Debian: apt-get install time)" >&2
  exit 2
fi

make_workdir

grouped() { echo "$1"; }

echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); $(date -u +%Y-%m-%dT%H:%MZ)"
echo

input=$work/caseload.csv
"$gen" --rows "$rows" --seed 1 --as-of "$as_of" >"$input"
echo "caseload: $rows rows, $(($(stat -c %s "$input") / 1000000)) MB (caseload_gen --rows $rows --seed 1)"
echo

# ---- correctness on the 1 M file
"$ref" --as-of "$as_of" "$input" >"$work/ref.csv" 2>/dev/null
"$kadenz" eval "$policy" "$input" --as-of "$as_of" -o "$work/kadenz.csv" >/dev/null 2>&1
compare=$(python3 - "$work/ref.csv" "$work/kadenz.csv" <<'EOF'
import csv, sys
def rows(path):
    with open(path, newline='', encoding='utf-8') as f:
        for r in csv.reader(f):
            if r and len(r) >= 1:
                r[-1] = '!' if r[-1] else ''
            yield r
a, b = list(rows(sys.argv[1])), list(rows(sys.argv[2]))
diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
errors = sum(1 for r in a[1:] if r[-1])
if len(a) != len(b) or diff:
    first = diff[0] if diff else min(len(a), len(b))
    print(f"**DIFFER**: {len(a) - 1} vs {len(b) - 1} rows, {len(diff)} rows differ (first: line {first + 1})")
else:
    print(f"identical ({len(a) - 1} rows, {errors} error rows; error text not compared)")
EOF
)
echo "outputs of reference and kadenz eval: $compare"
echo

# ---- (a) in memory
ref_line=$("$ref" --as-of "$as_of" --in-memory 5 "$input" 2>&1 >/dev/null)
kz_line=$("$inmem" "$policy" "$input" --as-of "$as_of" --repeat 5 2>&1 >/dev/null)
ref_ns=$(sed -n 's/.*: \([0-9.]*\) ns\/record.*/\1/p' <<<"$ref_line")
kz_ns=$(sed -n 's/.*: \([0-9.]*\) ns\/record.*/\1/p' <<<"$kz_line")
echo "$ref_line"
echo "$kz_line"
echo
echo "| in memory ($rows records × 5) | ns/record | ÷ reference |"
echo "|---|---:|---:|"
echo "| coburg_reference --in-memory 5 | $ref_ns | 1.00 |"
echo "| eval_inmemory --repeat 5 | $kz_ns | $(div "$kz_ns" "$ref_ns") |"
echo

# ---- (b) CSV in -> CSV out
read -r rw rc <<<"$(best "$runs" "$ref" --as-of "$as_of" "$input")"
read -r k1w k1c <<<"$(best "$runs" "$kadenz" eval "$policy" "$input" --as-of "$as_of" -j 1)"
read -r k2w k2c <<<"$(best "$runs" "$kadenz" eval "$policy" "$input" --as-of "$as_of")"
echo "| CSV → CSV, $rows rows (best of $runs) | wall s | user+sys s | rows/s (wall) | wall ÷ ref | user+sys ÷ ref |"
echo "|---|---:|---:|---:|---:|---:|"
echo "| coburg_reference | $rw | $rc | $(grouped "$(rate "$rows" "$rw")") | 1.00 | 1.00 |"
echo "| kadenz eval -j 1 | $k1w | $k1c | $(grouped "$(rate "$rows" "$k1w")") | $(div "$k1w" "$rw") | $(div "$k1c" "$rc") |"
echo "| kadenz eval (-j $(nproc), default) | $k2w | $k2c | $(grouped "$(rate "$rows" "$k2w")") | $(div "$k2w" "$rw") | $(div "$k2c" "$rc") |"
echo

# ---- (c) peak RSS
rss() { /usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>/dev/null; tail -n 1 "$work/rss"; }
rss1_j1=$(rss "$kadenz" eval "$policy" "$input" --as-of "$as_of" -j 1)
rss1=$(rss "$kadenz" eval "$policy" "$input" --as-of "$as_of")
rss_ref=$(rss "$ref" --as-of "$as_of" "$input")
rm -f "$work/ref.csv" "$work/kadenz.csv"
rss10="" rss10_j1="" big_note=""
if ((big_rows > 0)); then
  need_kb=$((big_rows * 110 / 1024 + 102400))  # about 100 bytes a row, plus margin
  avail_kb=$(df -Pk "$work" | awk 'NR == 2 { print $4 }')
  if ((avail_kb > need_kb)); then
    "$gen" --rows "$big_rows" --seed 1 --as-of "$as_of" >"$work/big.csv"
    rss10_j1=$(rss "$kadenz" eval "$policy" "$work/big.csv" --as-of "$as_of" -j 1)
    rss10=$(rss "$kadenz" eval "$policy" "$work/big.csv" --as-of "$as_of")
    big_note="$big_rows rows, $(($(stat -c %s "$work/big.csv") / 1000000)) MB"
    rm -f "$work/big.csv"
  else
    big_note="skipped: $((avail_kb / 1024)) MB free in $work, about $((need_kb / 1024)) MB needed"
  fi
fi
echo "| peak RSS (/usr/bin/time %M) | $rows rows | ${big_rows} rows |"
echo "|---|---:|---:|"
echo "| coburg_reference | $((rss_ref / 1024)) MB | |"
echo "| kadenz eval -j 1 | $((rss1_j1 / 1024)) MB | ${rss10_j1:+$((rss10_j1 / 1024)) MB} |"
echo "| kadenz eval (default jobs) | $((rss1 / 1024)) MB | ${rss10:+$((rss10 / 1024)) MB} |"
[[ -n $big_note ]] && echo && echo "large file: $big_note"
echo

# ---- (d) check and compile
ms() { awk -v s="$1" 'BEGIN { printf "%.0f", s * 1000 }'; }
read -r _ check_c <<<"$(best 10 "$kadenz" check "$policy")"
read -r _ dump_c <<<"$(best 10 "$kadenz" dump "$policy" --stage program)"
read -r _ help_c <<<"$(best 10 "$kadenz" --help)"
echo "| Coburg policy, process time (user+sys), best of 10 | ms |"
echo "|---|---:|"
echo "| kadenz check | $(ms "$check_c") |"
echo "| kadenz dump --stage program (compile proxy) | $(ms "$dump_c") |"
echo "| kadenz --help (process start-up, for scale) | $(ms "$help_c") |"
echo

# ---- targets
echo "Targets:"
echo "- in memory ≤ 1.5× the reference per record: $(verdict le "$(div "$kz_ns" "$ref_ns")" 1.5) ($(div "$kz_ns" "$ref_ns")×)"
best_w=$k1w; lt "$k2w" "$k1w" && best_w=$k2w
echo "- CSV → CSV ≤ 1.5× the reference (wall, best of -j 1 and default): $(verdict le "$(div "$best_w" "$rw")" 1.5) ($(div "$best_w" "$rw")×)"
echo "- CSV → CSV ≥ 2,000,000 rows/s (wall, best of -j 1 and default): $(verdict le 2000000 "$(rate "$rows" "$best_w")") ($(grouped "$(rate "$rows" "$best_w")") rows/s)"
if [[ -n $rss10 ]]; then
  worst=$rss10; ((rss10_j1 > worst)) && worst=$rss10_j1
  echo "- peak RSS < 64 MB for $big_rows rows: $(verdict lt "$worst" 65536) ($((worst / 1024)) MB, the larger of -j 1 and default)"
else
  echo "- peak RSS < 64 MB for $big_rows rows: not measured ($big_note)"
fi
echo "- policy compile < 5 ms (kadenz dump --stage program process time): $(verdict lt "$(ms "$dump_c")" 5) ($(ms "$dump_c") ms)"
echo "- outputs: $compare"

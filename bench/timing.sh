# timing.sh: the helpers the benchmark scripts share (sourced, not run).
# Times come from bash's `time` (wall, and user+sys from getrusage), in seconds.

# times CMD…: "wall user+sys" of one run, output discarded.
times() {
  local t
  t=$( { TIMEFORMAT='%3R %3U %3S'; time "$@" >/dev/null 2>/dev/null; } 2>&1 )
  awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%.3f %.3f", a[1], a[2] + a[3] }'
}

# best N CMD…: "wall cpu", each the minimum over N runs.
best() {
  local n=$1 bw="" bc="" w c i
  shift
  for ((i = 0; i < n; ++i)); do
    read -r w c <<<"$(times "$@")"
    if [[ -z $bw ]] || awk -v a="$w" -v b="$bw" 'BEGIN { exit !(a < b) }'; then bw=$w; fi
    if [[ -z $bc ]] || awk -v a="$c" -v b="$bc" 'BEGIN { exit !(a < b) }'; then bc=$c; fi
  done
  echo "$bw $bc"
}

div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
verdict() { if "$@"; then echo "met"; else echo "**missed**"; fi; }

# need_built SCRIPT BUILD TOOL…: stop with exit 2 unless every TOOL is an executable.
need_built() {
  local script=$1 build=$2 tool
  shift 2
  for tool in "$@"; do
    if [[ ! -x $tool ]]; then
      echo "$script: $tool not found; build first (cmake --build $build)" >&2
      exit 2
    fi
  done
}

# make_workdir: a temporary directory in $work, removed when the script exits.
make_workdir() {
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
}

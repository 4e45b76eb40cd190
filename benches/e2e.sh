#!/usr/bin/env bash
# End-to-end benchmark: generate synthetic survey exports and time `hearken run` on each.
#
# Usage: benches/e2e.sh [SIZES...]       (default: 100000 1000000 answers)
# Env:   RUNS=3 (runs per size; the median wall time is reported), WORK=target/e2e, SEED=7
#
# Prints one line per size: answers, input MB, median wall seconds, peak RSS (MiB) of the slowest
# run's memory, and answers per second. Needs GNU time at /usr/bin/time (Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
runs=${RUNS:-3}
work=${WORK:-target/e2e}
seed=${SEED:-7}
mkdir -p "$work"
cargo build --release --quiet
bin=target/release/hearken
[ -x /usr/bin/time ] || { echo "benches/e2e.sh: /usr/bin/time not found (apt-get install time)" >&2; exit 1; }

printf '%-10s %9s %10s %10s %12s\n' answers input_MB wall_s peak_MiB answers/s
for n in "${sizes[@]}"; do
  input="$work/generated-$n.csv"
  [ -f "$input" ] || "$bin" generate --answers "$n" --seed "$seed" --out "$input"
  mb=$(awk -v b="$(stat -c %s "$input")" 'BEGIN { printf "%.1f", b / 1048576 }')
  walls=(); peak=0
  for _ in $(seq "$runs"); do
    rm -rf "$work/out-$n"
    /usr/bin/time -v "$bin" run "$input" --out "$work/out-$n" --quiet 2>"$work/time-$n.txt" >/dev/null
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/time-$n.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ { print int($2 / 1024) }' "$work/time-$n.txt")
    walls+=("$wall"); [ "$rss" -gt "$peak" ] && peak=$rss
  done
  median=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  rate=$(awk -v n="$n" -v s="$median" 'BEGIN { printf "%.0f", n / s }')
  printf '%-10s %9s %10s %10s %12s\n' "$n" "$mb" "$median" "$peak" "$rate"
done

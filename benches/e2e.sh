#!/usr/bin/env bash
# End-to-end benchmark: generate synthetic survey exports, then time `hearken run` and the two
# yardsticks on each, in the same run and on the same answers:
#   bare     benches/bare_tantivy.rs: reads the CSV and indexes the answers with tantivy, nothing else
#   python   benches/python_peer.py: regex dictionary coding, coded CSV and SQLite FTS5 index
#
# Usage: benches/e2e.sh [SIZES...]       (default: 100000 1000000 answers)
# Env:   RUNS=3 (runs of each program per size; the median wall time is reported), WORK=target/e2e,
#        SEED=42, PEERS="bare python" (the yardsticks to time beside hearken; "" for none, "bare"
#        for the tantivy program alone, as the Python one takes minutes on a million answers),
#        PYTHON=python3
#
# Prints one line per program and size: answers, input MB, median wall seconds, peak RSS (MiB,
# the largest of the runs), answers per second, and the ratio of the median to hearken's. The
# programs take turns (hearken, bare, python, hearken, ...) so that a drift in the machine's speed
# touches all three. Needs GNU time at /usr/bin/time (Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
runs=${RUNS:-3}
work=${WORK:-target/e2e}
seed=${SEED:-42}
peers=${PEERS-bare python}
python=${PYTHON:-python3}
mkdir -p "$work"
cargo build --release --quiet --bin hearken --example bare_tantivy
bin=target/release/hearken
bare=target/release/examples/bare_tantivy
[ -x /usr/bin/time ] || { echo "benches/e2e.sh: /usr/bin/time not found (apt-get install time)" >&2; exit 1; }

# Runs one program once under GNU time; appends "wall_seconds peak_KiB" to the file $1.
timed_run() {
  local record=$1 log=$2; shift 2
  /usr/bin/time -v "$@" 2>"$log" >/dev/null || { cat "$log" >&2; exit 1; }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
    /Maximum resident set size/ { rss = $2 }
    END { print s, rss }' "$log" >>"$record"
}

# Prints "median_wall peak_MiB" of the runs recorded in the file $1.
summarise() {
  sort -g "$1" | awk '{ w[NR] = $1; if ($2 > m) m = $2 } END { print w[int((NR + 1) / 2)], int(m / 1024) }'
}

printf '%-10s %-8s %9s %10s %10s %12s %8s\n' answers program input_MB wall_s peak_MiB answers/s ratio
for n in "${sizes[@]}"; do
  input="$work/generated-$n-seed$seed.csv"
  [ -f "$input" ] || "$bin" generate --answers "$n" --seed "$seed" --out "$input" >/dev/null 2>&1
  mb=$(awk -v b="$(stat -c %s "$input")" 'BEGIN { printf "%.1f", b / 1048576 }')
  # shellcheck disable=SC2206 # PEERS is a list of words
  programs=(hearken $peers)
  for p in "${programs[@]}"; do : >"$work/runs-$n-$p.txt"; done
  for _ in $(seq "$runs"); do
    for p in "${programs[@]}"; do
      out="$work/out-$n-$p"
      rm -rf "$out"
      case $p in
        hearken) cmd=("$bin" run "$input" --out "$out" --quiet) ;;
        bare) cmd=("$bare" "$input" "$out") ;;
        python) cmd=("$python" benches/python_peer.py "$input" "$out") ;;
      esac
      timed_run "$work/runs-$n-$p.txt" "$work/time-$n-$p.txt" "${cmd[@]}"
    done
  done
  base=$(summarise "$work/runs-$n-hearken.txt" | cut -d' ' -f1)
  for p in "${programs[@]}"; do
    read -r median peak < <(summarise "$work/runs-$n-$p.txt")
    rate=$(awk -v n="$n" -v s="$median" 'BEGIN { printf "%.0f", n / s }')
    ratio=$(awk -v s="$median" -v b="$base" 'BEGIN { printf "%.2f", s / b }')
    printf '%-10s %-8s %9s %10s %10s %12s %8s\n' "$n" "$p" "$mb" "$median" "$peak" "$rate" "$ratio"
  done
done

#!/usr/bin/env bash
# jianbao against Hugo on the same generated corpus, side by side. Rerunnable:
#
#   bash Benchmarks/run.sh [SIZES…]        # default: 1000 10000
#
# Needs swift, python3, hugo, gcc and libcmark-dev (apt-get install -y hugo gcc libcmark-dev).
# Environment: RUNS (timed runs per case, default 5), WORK (tmpfs folder, default
# /dev/shm/jianbao-bench), DISK (a folder on the real disk: full builds there too, reported apart),
# JIANBAO (an executable to use instead of building one with `swift build -c release`),
# CHECK=1 (fail unless the page counts agree and a one-issue rebuild rewrites only that page and search
# index files: CI's smoke run).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
WORK=${WORK:-/dev/shm/jianbao-bench}
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000)

for tool in hugo python3 cc; do
    command -v "$tool" >/dev/null || { echo "missing: $tool (apt-get install -y hugo python3 gcc libcmark-dev)" >&2; exit 1; }
done
if [ -z "${JIANBAO:-}" ]; then
    swift build -c release --product jianbao >/dev/null
    JIANBAO="$(pwd)/.build/release/jianbao"
fi
mkdir -p "$WORK"
cc -O2 -o "$WORK/cmark-floor" Benchmarks/cmark-floor/cmark-floor.c -lcmark

echo "machine: $(nproc) cores, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GB RAM; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "jianbao $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(hugo version | cut -d' ' -f1-2), libcmark $(pkg-config --modversion libcmark 2>/dev/null || echo '?')"
python3 Benchmarks/bench.py --sizes "${sizes[@]}" --runs "$RUNS" --work "$WORK" --jianbao "$JIANBAO" \
    --floor "$WORK/cmark-floor" ${DISK:+--disk "$DISK"} ${CHECK:+--check}

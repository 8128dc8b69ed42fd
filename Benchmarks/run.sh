#!/usr/bin/env bash
# jianbao against Hugo on the same generated corpus, side by side. Rerunnable:
#
#   bash Benchmarks/run.sh [SIZES…]        # default: 1000 10000
#
# Needs swift, python3, hugo, gcc and libcmark-dev (apt-get install -y hugo gcc libcmark-dev).
# Environment: RUNS (timed runs per case, default 5), WORK (tmpfs folder, default
# /dev/shm/jianbao-bench), DISK (a folder on the real disk: full builds there too, reported apart),
# JIANBAO (an executable to use instead of building one with `swift build -c release`),
# DOC (the page to write the figures into, default docs/performance.md; DOC= for none),
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

machine="machine: $(nproc) cores, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(. /etc/os-release && echo "$PRETTY_NAME"); load average $(cut -d' ' -f1-3 /proc/loadavg) when it started"
versions="jianbao $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- Sources Templates Package.swift 2>/dev/null || echo ' with uncommitted changes'), $(swift --version 2>/dev/null | grep -o 'Swift version [0-9.]*' | head -1), $(hugo version | cut -d' ' -f1-2), libcmark $(pkg-config --modversion libcmark 2>/dev/null || echo '?')"
echo "$machine"
echo "$versions"
# The figures go into docs/performance.md, between its markers (DOC=other.md, or DOC= for none); not
# from CHECK=1 (CI's smoke run: its figures are not the project's).
if [ -n "${CHECK:-}" ]; then doc=${DOC-}; else doc=${DOC-docs/performance.md}; fi
python3 Benchmarks/bench.py --sizes "${sizes[@]}" --runs "$RUNS" --work "$WORK" --jianbao "$JIANBAO" \
    --floor "$WORK/cmark-floor" ${DISK:+--disk "$DISK"} ${CHECK:+--check} \
    ${doc:+--doc "$doc"} --command "RUNS=$RUNS${DISK:+ DISK=$DISK} bash Benchmarks/run.sh ${sizes[*]}" \
    --machine "$machine" --versions "$versions"

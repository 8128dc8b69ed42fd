#!/usr/bin/env bash
# jianbao's search against Pagefind 1.5.2 on the same archives (Benchmarks/search_size.py): size,
# bytes per query, and recall on the example archive. Rerunnable:
#
#   bash Benchmarks/search.sh [SIZES…]        # default: 1000 10000
#
# Needs swift, python3 with venv, chromium and chromium-driver. Makes .venv-bench/ (git-ignored)
# with the pinned packages of Benchmarks/requirements.txt. Environment: WORK (default
# /dev/shm/jianbao-search), JIANBAO (an executable instead of `swift build -c release`).
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${WORK:-/dev/shm/jianbao-search}
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000)
if [ -z "${JIANBAO:-}" ]; then
    swift build -c release --product jianbao >/dev/null
    JIANBAO="$(pwd)/.build/release/jianbao"
fi
if ! .venv-bench/bin/python -c "import pagefind, selenium" 2>/dev/null; then
    python3 -m venv .venv-bench
    .venv-bench/bin/pip install -q --disable-pip-version-check -r Benchmarks/requirements.txt
fi
mkdir -p "$WORK"
echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); jianbao $(git rev-parse --short HEAD 2>/dev/null || echo '?'), pagefind 1.5.2"
rm -rf "$WORK/example"
"$JIANBAO" build --output "$WORK/example/public" >/dev/null
for n in "${sizes[@]}"; do
    site="$WORK/$n"
    python3 Benchmarks/make_archive.py "$site/Content" --issues "$n" >/dev/null
    rm -rf "$site/Templates" "$site/public" "$site"/.public.jianbao-*
    cp -r Templates "$site/Templates"
    (cd "$site" && "$JIANBAO" build --output public >/dev/null)
    echo
    echo "== $n issues"
    recall=()
    [ "$n" = "${sizes[0]}" ] && recall=(--recall "$WORK/example/public")
    .venv-bench/bin/python Benchmarks/search_size.py "$site/public" --pagefind "${recall[@]}"
done

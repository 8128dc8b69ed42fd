#!/usr/bin/env bash
# Builds the libFuzzer target over the content parser and runs it.
#
#   bash Fuzz/run.sh                       # 60 seconds (what .ci/run does)
#   bash Fuzz/run.sh -max_total_time=3600  # an hour; any libFuzzer flags are passed on
#   bash Fuzz/run.sh -runs=10000000        # ten million inputs
#   FUZZ_MAX_LEN=1536 bash Fuzz/run.sh …   # shorter inputs, more of them a second
#
# Seeds: every Markdown file of Content/ and Tests/Fixtures/. The corpus grows in
# Fuzz/.build/corpus; a crash is written to Fuzz/.build/crash-* and the script exits non-zero.
set -euo pipefail
cd "$(dirname "$0")"
fuzz=$PWD
root=$(cd .. && pwd)

# -enable-testing lets the target reach the loader's internals (@testable import) in a release build;
# lld because gold fails on the sanitizer's symbols.
swift build -c release --product JianbaoFuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing -Xswiftc -use-ld=lld
binary=$(swift build -c release --product JianbaoFuzz --show-bin-path)/JianbaoFuzz

seeds=$fuzz/.build/seeds
corpus=$fuzz/.build/corpus
rm -rf "$seeds"
mkdir -p "$seeds" "$corpus"
n=0
while IFS= read -r -d '' file; do
    n=$((n + 1))
    cp "$file" "$seeds/seed-$n.md"
done < <(find "$root/Content" "$root/Tests/Fixtures" -name '*.md' -print0 | sort -z)

# No allocation stack traces (4× faster; a crash still reports where it happened).
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0:quarantine_size_mb=16}
# Swift's own crash handler reads the crashed process's memory, which AddressSanitizer reports as a
# crash of its own (hiding the real one) and which can outlive the fuzzer: libFuzzer reports instead.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}
export JIANBAO_TEMPLATES=$root/Templates
args=("$@")
if [ ${#args[@]} -eq 0 ]; then args=(-max_total_time=60); fi
cd "$fuzz/.build"
exec "$binary" "$corpus" "$seeds" -max_len="${FUZZ_MAX_LEN:-4096}" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$fuzz/.build/" "${args[@]}"

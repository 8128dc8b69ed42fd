#!/usr/bin/env bash
# jianbao against Hugo on the same generated corpus, side by side. Rerunnable:
#
#   bash Benchmarks/run.sh [SIZES…]        # default: 1000 10000
#
# Needs: swift, python3, hugo, hyperfine, valgrind-free; installs nothing (see README, Performance).
# Environment: RUNS (timed runs per case, default 5), WORK (default /dev/shm/jianbao-bench),
# DISK (a folder on the real disk for the disk figures; default: none), JIANBAO (a built executable).
#
# For each size it prints the full builds of both tools into tmpfs (hyperfine, alternating the two
# tools run by run), the libcmark floor, pages per second, peak RSS (/usr/bin/time -v), and
# jianbao's rebuilds: nothing changed, one issue changed, one template changed.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
RUNS=${RUNS:-5}
WORK=${WORK:-/dev/shm/jianbao-bench}
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000)

for tool in hugo hyperfine python3 cc; do
    command -v "$tool" >/dev/null || { echo "missing: $tool (apt-get install -y hugo hyperfine python3 gcc)" >&2; exit 1; }
done
if [ -z "${JIANBAO:-}" ]; then
    swift build -c release --product jianbao >/dev/null
    JIANBAO="$repo/.build/release/jianbao"
fi
mkdir -p "$WORK"
floor="$WORK/cmark-floor"
cc -O2 -o "$floor" Benchmarks/cmark-floor/cmark-floor.c -lcmark

median() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(" ".join("%.4f" % x["median"] for x in r))' "$1"; }
peak_rss_mb() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident/ {printf "%.0f", $2/1024}'; }

echo "machine: $(nproc) cores, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GB RAM"
echo "jianbao $(git -C "$repo" rev-parse --short HEAD), $(hugo version | cut -d' ' -f1-2), $(hyperfine --version)"
summary=()
for n in "${sizes[@]}"; do
    corpus="$WORK/$n"
    python3 Benchmarks/generate.py --issues "$n" --out "$corpus" >/dev/null
    jb="$corpus/jianbao"
    out_jb="$corpus/out-jianbao" out_hugo="$corpus/out-hugo"
    # Full builds: the output and jianbao's state are removed before each run, so every run is a full build.
    hyperfine --warmup 1 --runs "$RUNS" --style basic --export-json "$corpus/full.json" \
        --prepare "rm -rf $out_jb $corpus/.out-jianbao.jianbao-state $out_hugo" \
        -n jianbao "cd $jb && $JIANBAO build --output $out_jb" \
        -n hugo "cd $corpus/hugo && hugo --quiet -d $out_hugo" >"$corpus/full.txt"
    read -r t_jb t_hugo < <(median "$corpus/full.json")
    hyperfine --warmup 1 --runs "$RUNS" --style basic --export-json "$corpus/floor.json" \
        -n floor "$floor $jb/Content" >/dev/null
    t_floor=$(median "$corpus/floor.json")
    pages=$(find "$out_jb" -name '*.html' | wc -l)
    hugo_pages=$(find "$out_hugo" -name '*.html' | wc -l)
    rm -rf "$out_jb" "$corpus/.out-jianbao.jianbao-state" "$out_hugo"
    rss_jb=$(cd "$jb" && peak_rss_mb "$JIANBAO" build --output "$out_jb")
    rss_hugo=$(cd "$corpus/hugo" && rm -rf "$out_hugo" && peak_rss_mb hugo --quiet -d "$out_hugo")
    cpu_jb=$(cd "$jb" && rm -rf "$out_jb" && /usr/bin/time -f "%U %S %e" "$JIANBAO" build --output "$out_jb" 2>&1 >/dev/null | tail -1)

    # Rebuilds against the full build just made. One issue: a sentence added to one issue's text
    # (its headline stays); one template: a comment added to the issue template (every issue page changes).
    issue=$(find "$jb/Content/fazhi" -name '*.md' | sort | sed -n '50p')
    template="$jb/Templates/briefing.mustache"
    cp "$issue" "$issue.orig"; cp "$template" "$template.orig"
    hyperfine --runs "$RUNS" --style basic --export-json "$corpus/rebuild.json" \
        -n noop --prepare "true" "cd $jb && $JIANBAO build --output $out_jb" \
        -n one-issue --prepare "cp $issue.orig $issue && cd $jb && $JIANBAO build --output $out_jb >/dev/null && printf '\n补充一句。\n' >> $issue" \
        "cd $jb && $JIANBAO build --output $out_jb" \
        -n one-template --prepare "cp $template.orig $template && cd $jb && $JIANBAO build --output $out_jb >/dev/null && printf '{{! changed }}\n' >> $template" \
        "cd $jb && $JIANBAO build --output $out_jb" >"$corpus/rebuild.txt"
    read -r t_noop t_issue t_template < <(median "$corpus/rebuild.json")
    # Which files the one-issue rebuild rewrote (their inode changed).
    cp "$issue.orig" "$issue"; (cd "$jb" && "$JIANBAO" build --output "$out_jb" >/dev/null)
    (cd "$out_jb" && find . -type f -printf '%i %p\n' | sort -k2) >"$corpus/inodes-before"
    printf '\n补充一句。\n' >>"$issue"
    (cd "$jb" && "$JIANBAO" build --output "$out_jb" >"$corpus/one-issue.log")
    (cd "$out_jb" && find . -type f -printf '%i %p\n' | sort -k2) >"$corpus/inodes-after"
    rewritten=$(join -1 2 -2 2 "$corpus/inodes-before" "$corpus/inodes-after" | awk '$2 != $3 {print $1}' | tr '\n' ' ')
    mv "$issue.orig" "$issue"; mv "$template.orig" "$template"

    python3 - "$n" "$t_jb" "$t_hugo" "$t_floor" "$pages" "$hugo_pages" "$rss_jb" "$rss_hugo" "$t_noop" "$t_issue" "$t_template" "$cpu_jb" "$rewritten" <<'EOF'
import sys
n, jb, hugo, floor, pages, hpages, rss_jb, rss_hugo, noop, issue, template, cpu, rewritten = sys.argv[1:]
jb, hugo, floor, noop, issue, template = map(float, (jb, hugo, floor, noop, issue, template))
user, system, elapsed = map(float, cpu.split())
print(f"\n== {n} issues (tmpfs) ==")
print(f"full build      jianbao {jb:7.3f} s   hugo {hugo:7.3f} s   jianbao/hugo {jb / hugo:5.2f}")
print(f"pages/s         jianbao {int(pages) / jb:7.0f}     hugo {int(hpages) / hugo:7.0f}     ({pages} and {hpages} HTML pages)")
print(f"libcmark floor  {floor:7.3f} s   jianbao/floor {jb / floor:5.2f}")
print(f"peak RSS        jianbao {rss_jb} MB   hugo {rss_hugo} MB")
print(f"CPU             jianbao user+sys {user + system:.2f} s in {elapsed:.2f} s: {(user + system) / elapsed:.2f} cores busy")
print(f"rebuild         no-op {noop:.3f} s ({noop / jb:.1%})   one issue {issue:.3f} s ({issue / jb:.1%})   one template {template:.3f} s ({template / jb:.1%})")
print(f"one issue rewrote: {rewritten}")
EOF
done

if [ -n "${DISK:-}" ]; then
    # The same full builds on the real disk, reported apart: creating files there costs 0.1-1.8 ms each.
    for n in "${sizes[@]}"; do
        corpus="$WORK/$n"
        mkdir -p "$DISK"
        hyperfine --runs 3 --style basic --export-json "$DISK/full-$n.json" \
            --prepare "rm -rf $DISK/out-jianbao $DISK/.out-jianbao.jianbao-state $DISK/out-hugo; sync" \
            -n jianbao "cd $corpus/jianbao && $JIANBAO build --output $DISK/out-jianbao" \
            -n hugo "cd $corpus/hugo && hugo --quiet -d $DISK/out-hugo" >/dev/null
        read -r d_jb d_hugo < <(median "$DISK/full-$n.json")
        echo "disk, $n issues: full build jianbao $d_jb s, hugo $d_hugo s"
        rm -rf "$DISK/out-jianbao" "$DISK/.out-jianbao.jianbao-state" "$DISK/out-hugo"
    done
fi

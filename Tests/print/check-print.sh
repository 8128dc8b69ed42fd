#!/usr/bin/env bash
# Builds the example archive, prints 第19期 to PDF with headless Chromium, and checks the PDF:
# A4 pages, the masthead on page 1, the 报/送/发 lines and 共印80份 on the last page.
# The PDF and PNGs of its first and last pages are kept in ci-artifacts/print/ for a person to look at.
# Under CI=true a missing tool is a failure; elsewhere the check is skipped with a message.
set -euo pipefail
cd "$(dirname "$0")/../.."

artifacts=ci-artifacts/print
missing=()
chromium_bin=""
for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then chromium_bin=$candidate; break; fi
done
[ -n "$chromium_bin" ] || missing+=(chromium)
for tool in pdfinfo pdftotext pdftoppm; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool (poppler-utils)")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "${CI:-}" = "true" ]; then
        echo "print check: missing ${missing[*]}; install: apt-get install -y chromium poppler-utils fonts-noto-cjk" >&2
        exit 1
    fi
    echo "print check: skipped, missing ${missing[*]}"
    exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build --product jianbao >/dev/null
"$(swift build --show-bin-path)/jianbao" build --output "$work/public" >/dev/null

mkdir -p "$artifacts"
pdf="$artifacts/jianbao-2024-19.pdf"
rm -f "$pdf"
"$chromium_bin" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$pdf" "file://$work/public/jianbao/2024/19/index.html" 2>/dev/null
[ -s "$pdf" ] || { echo "print check: Chromium wrote no PDF" >&2; exit 1; }

passed=0
failed=0
check() {
    local what=$1; shift
    if "$@"; then passed=$((passed + 1)); echo "  ok   $what"; else failed=$((failed + 1)); echo "  FAIL $what"; fi
}

pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
size=$(pdfinfo "$pdf" | awk -F': *' '/^Page size:/ {print $2}')
echo "print check: $pdf has $pages page(s), $size"
is_a4() { awk '{ exit !($1 > 594 && $1 < 596.5 && $3 > 840.5 && $3 < 843) }' <<<"$size"; }
check "A4 page size (210 x 297 mm = 595.3 x 841.9 pt, within 1 pt)" is_a4

first=$(pdftotext -f 1 -l 1 -layout "$pdf" - | tr -d ' \t')
last=$(pdftotext -f "$pages" -l "$pages" -layout "$pdf" - | tr -d ' \t')
check "masthead on page 1 (工作简报, 第19期)" grep -q '工作简报' <<<"$first"
check "第19期 on page 1" grep -q '第19期' <<<"$first"
check "page number — 1 — on page 1" grep -q '—1—' <<<"$first"
for line in '报：市法治政府建设领导小组办公室' '送：县省级法治政府建设示范创建指挥部政委、指挥长、副指挥长' \
            '发：各乡（镇、街道），县委各部委，县直各单位' '编校：徐亚利、陈宇' '共印80份'; do
    check "last page has $line" grep -q "$line" <<<"$last"
done

pdftoppm -r 60 -png -f 1 -l 1 "$pdf" "$artifacts/jianbao-2024-19-first"
pdftoppm -r 60 -png -f "$pages" -l "$pages" "$pdf" "$artifacts/jianbao-2024-19-last"
echo "print check: pictures in $artifacts/"
echo "print: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

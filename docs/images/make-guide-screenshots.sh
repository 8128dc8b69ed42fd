#!/usr/bin/env bash
# Makes the screenshots of docs/办公室指南.md from the example archive: a new issue (第20期) is
# started, written, checked, previewed, built and printed in a temporary copy of Content/ and
# Templates/, and headless Chromium photographs the pages; the PDF's first page comes from pdftoppm.
#
#   bash docs/images/make-guide-screenshots.sh [path/to/jianbao]
#
# Needs chromium and poppler-utils (pdftoppm), and WeasyPrint for the PDF (JIANBAO_PYTHON, as for
# `jianbao pdf`). Writes docs/images/guide-*.png; look at them before committing.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
jianbao=$(realpath "${1:-.build/debug/jianbao}")
out=$repo/docs/images
work=$(mktemp -d)
server=
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
cp -r Content Templates "$work/"
cd "$work"

# A page photographed at a width people read it at: file name, WIDTH,HEIGHT, address. The preview's
# pages keep a connection open (the reload events), so Chromium is given a time, not "until idle".
shoot() {
    timeout 60 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
        --timeout=4000 --window-size="$2" --screenshot="$out/$1" "$3" 2>/dev/null
    echo "wrote docs/images/$1"
}

"$jianbao" new jianbao --date 2024-01-19 >/dev/null
cat > Content/jianbao/2024/20.md <<'ISSUE'
---
number: 20
date: 2024-01-19
column: 工作动态
---

# 县司法局开展行政执法案卷评查

1月16日至18日，县司法局组织评查组，对县直12个行政执法单位2023年度的行政执法案卷进行集中评查。

评查组逐卷查看了立案、调查取证、告知、决定、送达等环节，对发现的问题当场反馈，并要求各单位在1月底前完成整改。


# 县政府召开法治政府建设示范创建推进会

1月18日，县政府召开推进会，通报示范创建第四季度工作情况，安排下一阶段重点任务。
ISSUE
# The preview with an error in it: what an editor sees in the browser until the file is fixed.
sed -i 's/^date: 2024-01-19$/date: 2024-01-32/' Content/jianbao/2024/20.md
"$jianbao" serve --port 0 --output preview > serve.log 2>&1 &
server=$!
for _ in $(seq 100); do grep -q 'http://127.0.0.1:' serve.log && break; sleep 0.1; done
port=$(grep -o 'http://127.0.0.1:[0-9]*' serve.log | head -1 | sed 's/.*://')
shoot guide-serve-error.png 900,520 "http://127.0.0.1:$port/"
sed -i 's/^date: 2024-01-32$/date: 2024-01-19/' Content/jianbao/2024/20.md
sleep 1.5
shoot guide-serve.png 900,700 "http://127.0.0.1:$port/jianbao/2024/20/"
kill "$server"; wait "$server" 2>/dev/null || true; server=

"$jianbao" build >/dev/null
shoot guide-home.png 900,700 "file://$work/public/index.html"
shoot guide-search.png 900,700 "file://$work/public/search/index.html?q=%E6%89%A7%E6%B3%95"

"$jianbao" pdf 第20期 >/dev/null
pdftoppm -png -r 40 -f 1 -l 1 pdf/jianbao/2024/20.pdf "$work/page"
mv "$work"/page-*1.png "$out/guide-pdf.png"
echo "wrote docs/images/guide-pdf.png"

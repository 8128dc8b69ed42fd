#!/usr/bin/env bash
# How the corpus files in .docx, .doc, .odt, .rtf and .pdf were made: from the texts in originals/
# (the public texts as found, see SOURCES.md), one paragraph per line, by LibreOffice (Debian's
# libreoffice-writer-nogui). Kept for the record; the tests use the committed files, not this script.
set -euo pipefail
cd "$(dirname "$0")"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
convert() { # original-id target-format folder
    local out; out="$(mktemp -d)"
    soffice --headless --norestore -env:UserInstallation="file://$profile" --infilter="Text (encoded):UTF8,LF,,," \
        --convert-to "$2" --outdir "$out" "originals/$1.txt" >/dev/null
    mv "$out/$1.${2%%:*}" "$3/"
    rmdir "$out"
}
convert b-2004-cug docx tuning/briefings
convert w-2009-hunan rtf tuning/documents
convert w-2009-xuchang docx tuning/documents
convert w-2019-qingyuan doc tuning/documents
convert w-2019-taihu odt tuning/documents
convert w-2021-jining pdf tuning/documents
convert w-2023-dongyang docx tuning/documents
convert w-2025-jinchang pdf tuning/documents
convert w-2017-yueyang doc holdout/documents
convert w-2024-lufeng pdf holdout/documents

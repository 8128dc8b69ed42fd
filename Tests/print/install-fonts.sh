#!/usr/bin/env bash
# Installs the free faces jianbao's print stylesheet names after the proprietary ones (docs/printing.md; print-layout classes: 仿宋, 小标宋, 黑体, 楷体, 宋体), all from Debian packages:
#   仿宋    FandolFang        texlive-lang-chinese (only the font files: `apt-get download` + `dpkg -x`;
#   小标宋  FandolSong Bold   installing the package would pull in TeX Live), converted to TrueType
#   楷体    AR PL KaitiM GB   fonts-arphic-gkai00mp
#   黑体    WenQuanYi Zen Hei fonts-wqy-zenhei
#   宋体    AR PL SungtiL GB  fonts-arphic-gbsn00lp (page numbers)
# Fandol's faces have CFF outlines, which Chromium embeds as unnamed Type 3 fonts; converted to
# TrueType outlines (Tests/print/otf2ttf.py, fontTools) both engines embed them as named subsets.
# Fandol is GPL with the font exception, so the converted files may be kept and used like the originals.
#
# Usage: bash Tests/print/install-fonts.sh [PYTHON_WITH_FONTTOOLS]   (as root: into
# /usr/local/share/fonts/jianbao; otherwise into ~/.local/share/fonts/jianbao). Does nothing when
# the faces are there already.
set -euo pipefail
cd "$(dirname "$0")/../.."
python="${1:-.venv-print/bin/python3}"
export DEBIAN_FRONTEND=noninteractive
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

packages=(fonts-arphic-gkai00mp fonts-arphic-gbsn00lp fonts-wqy-zenhei fonts-noto-cjk fontconfig)
if ! dpkg -s "${packages[@]}" >/dev/null 2>&1; then
    as_root apt-get install -y -q "${packages[@]}"
fi

if [ "$(id -u)" -eq 0 ]; then target=/usr/local/share/fonts/jianbao; else target="$HOME/.local/share/fonts/jianbao"; fi
faces=(FandolFang-Regular FandolSong-Bold)
missing=()
for face in "${faces[@]}"; do [ -s "$target/$face.ttf" ] || missing+=("$face"); done
if [ ${#missing[@]} -gt 0 ]; then
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    (cd "$work" && apt-get download -q texlive-lang-chinese >/dev/null 2>&1 || { as_root apt-get update -q && apt-get download -q texlive-lang-chinese; })
    dpkg -x "$work"/texlive-lang-chinese_*.deb "$work/x"
    fandol="$work/x/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
    mkdir -p "$target"
    # one conversion per core (about 15 s of CPU each)
    for face in "${missing[@]}"; do
        "$python" Tests/print/otf2ttf.py "$fandol/$face.otf" "$work/$face.ttf" &
    done
    wait
    for face in "${missing[@]}"; do mv "$work/$face.ttf" "$target/$face.ttf"; done
    fc-cache "$target"
fi
for family in FandolFang FandolSong "AR PL KaitiM GB" "AR PL SungtiL GB" "WenQuanYi Zen Hei"; do
    fc-list ":family=$family" family | grep -q . || { echo "install-fonts: $family is not installed" >&2; exit 1; }
done
echo "print fonts: FandolFang, FandolSong Bold (TrueType, in $target), AR PL KaitiM GB, AR PL SungtiL GB, WenQuanYi Zen Hei"

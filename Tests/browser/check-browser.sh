#!/usr/bin/env bash
# Builds the example archive and checks it in headless Chromium (Tests/browser/check_browser.py):
# axe-core on every kind of page in both modes (ordinary and 长者模式), no horizontal scroll, no layout
# shift, the 长者模式 switch, print unchanged, the 信息公开 blocks, the footer marks' links, topic pages,
# searches, recall; then builds hostile sites and checks that nothing in them runs or leaks
# (Tests/browser/check_hostile.py). Screenshots at 390 px and 1280 px of each page, in each mode, are
# kept in ci-artifacts/browser/.
# Under CI=true a missing tool is a failure; elsewhere the check is skipped with a message.
# Its Python packages come from .venv-browser/ (made by .ci/run) when there is one, else from the
# python3 on PATH.
set -euo pipefail
cd "$(dirname "$0")/../.."
python=python3
[ -x .venv-browser/bin/python3 ] && python=.venv-browser/bin/python3

artifacts=ci-artifacts/browser
missing=()
[ -x /usr/lib/chromium/chromium ] || missing+=("chromium")
command -v chromedriver >/dev/null 2>&1 || missing+=("chromedriver (chromium-driver)")
$python -c 'import selenium' 2>/dev/null || missing+=("selenium (pip)")
$python -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec("axe_playwright_python") is None)' 2>/dev/null \
    || missing+=("axe-playwright-python (pip)")
if [ ${#missing[@]} -gt 0 ]; then
    hint="apt-get install -y chromium chromium-driver fonts-noto-cjk; python3 -m venv .venv-browser; .venv-browser/bin/pip install -r Tests/browser/requirements.txt; .venv-browser/bin/pip install --no-deps axe-playwright-python==0.1.8"
    if [ "${CI:-}" = "true" ]; then
        echo "browser check: missing ${missing[*]}; install: $hint" >&2
        exit 1
    fi
    echo "browser check: skipped, missing ${missing[*]} ($hint)"
    exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build --product jianbao >/dev/null
"$(swift build --show-bin-path)/jianbao" build --output "$work/public" >/dev/null
$python Tests/browser/check_browser.py "$work/public" --artifacts "$artifacts"
# Hostile sites (issue #11): a series folder named javascript:alert(1), an SVG with a script,
# unclosed tags; every page and published file opened (screenshots in ci-artifacts/browser-hostile/).
$python Tests/browser/check_hostile.py "$(swift build --show-bin-path)/jianbao" --artifacts ci-artifacts/browser-hostile

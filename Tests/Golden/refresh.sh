#!/usr/bin/env bash
# Writes the golden files again, for a change to the output that is meant. Review what changed with
# `git diff Tests/Golden` before committing it. Refused under CI=true: CI only compares.
#
#   bash Tests/Golden/refresh.sh           site/: the pages of the example archive (GoldenTests)
#   bash Tests/Golden/refresh.sh --print   print/: the text layout of each PDF of the example archive,
#                                          both engines (Tests/print/check_print.py; needs WeasyPrint in
#                                          .venv-print or JIANBAO_PYTHON, chromium, poppler-utils and the
#                                          faces of Tests/print/install-fonts.sh, as .ci/run sets up)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "${CI:-}" = true ]; then
    echo "refresh.sh: refused under CI=true: CI compares with the reviewed golden files, it never writes them" >&2
    exit 1
fi
case "${1:-}" in
"")
    JIANBAO_UPDATE_GOLDEN=1 swift test --filter GoldenTests/everyPageIsItsReviewedSnapshot
    git status --short Tests/Golden/site
    ;;
--print)
    swift build --product jianbao
    export JIANBAO_PYTHON="${JIANBAO_PYTHON:-$PWD/.venv-print/bin/python3}"
    status=0
    JIANBAO_UPDATE_GOLDEN=1 python3 Tests/print/check_print.py "$(swift build --show-bin-path)/jianbao" || status=$?
    git status --short Tests/Golden/print
    exit "$status"
    ;;
*)
    echo "usage: bash Tests/Golden/refresh.sh [--print]" >&2
    exit 2
    ;;
esac

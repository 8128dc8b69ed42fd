#!/usr/bin/env bash
# Writes Tests/Golden/site/ again from a build of the example archive (Content/ with Templates/),
# for a change to the pages that is meant. Review what changed with `git diff Tests/Golden` before
# committing it.
set -euo pipefail
cd "$(dirname "$0")/../.."
JIANBAO_UPDATE_GOLDEN=1 swift test --filter GoldenTests/everyPageIsItsReviewedSnapshot
git status --short Tests/Golden

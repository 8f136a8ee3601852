#!/usr/bin/env bash
# The whole suite, as the README promises: unit + integration (vitest), then end to end (Playwright).
set -euo pipefail
cd "$(dirname "$0")/.."
node_modules/.bin/vitest run
bash scripts/test-e2e.sh

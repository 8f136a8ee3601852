#!/usr/bin/env bash
# The whole suite, as the README promises: unit + integration (vitest), then end to end
# (Playwright in Chromium). Each runner prints its own summary; the last line adds them up.
set -uo pipefail
cd "$(dirname "$0")/.."
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT

node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest.json"
vitest_status=$?
PLAYWRIGHT_JSON_OUTPUT_FILE="$reports/playwright.json" bash scripts/test-e2e.sh --reporter=list,json
e2e_status=$?

node scripts/test-summary.mjs "$reports/vitest.json" "$reports/playwright.json"
[ "$vitest_status" -eq 0 ] && [ "$e2e_status" -eq 0 ]

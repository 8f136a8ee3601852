#!/usr/bin/env bash
# The whole suite, as the README promises: unit + integration (vitest), then end to end
# (Playwright in Chromium), then the fault tests (vitest's "faults" project). Each runner prints
# its own summary; the last line adds them up.
set -uo pipefail
cd "$(dirname "$0")/.."
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT

# Unit and integration tests, the app logging everything (trace) to one file: the fault tests
# check every line of it, and of the end-to-end server's log, for the suite's secrets
# (tests/faults/secrets-in-logs.test.ts).
LOG_LEVEL=trace LOG_FILE="$reports/app.log" node_modules/.bin/vitest run --project '!faults' \
  --reporter=default --reporter=json --outputFile.json="$reports/vitest.json"
vitest_status=$?
# End to end, the production server logging to the same file (real requests, sign-ins, cookies).
LOG_LEVEL=trace LOG_FILE="$reports/app.log" PLAYWRIGHT_JSON_OUTPUT_FILE="$reports/playwright.json" \
  bash scripts/test-e2e.sh --reporter=list,json
e2e_status=$?
# Last: the fault tests need the whole log above and the production build the e2e step made.
SECRETS_LOG_FILE="$reports/app.log" node_modules/.bin/vitest run --project faults \
  --reporter=default --reporter=json --outputFile.json="$reports/faults.json"
faults_status=$?

node scripts/test-summary.mjs "$reports/vitest.json" "$reports/playwright.json" "$reports/faults.json"
[ "$vitest_status" -eq 0 ] && [ "$e2e_status" -eq 0 ] && [ "$faults_status" -eq 0 ]

#!/usr/bin/env bash
# End-to-end tests: a production build, served by the same launcher as `npm start`, on a fresh
# embedded database, driven by Playwright in Chromium. Extra arguments go to `playwright test`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
rm -rf .data/e2e
NEXT_TELEMETRY_DISABLED=1 npm run build --silent
exec node_modules/.bin/playwright test "$@"

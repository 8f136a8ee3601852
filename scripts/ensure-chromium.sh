#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium: Playwright's own browser download is not
# reachable on every machine. Installs it when missing and we may (root with apt-get); otherwise
# says exactly what to do. CHROMIUM_PATH points the tests at a browser elsewhere.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$browser" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the end-to-end tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Chromium was not found at $browser." >&2
echo "Install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary." >&2
exit 1

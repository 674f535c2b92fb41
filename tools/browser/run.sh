#!/usr/bin/env bash
# Browser check of the self-contained HTML report.
# usage: tools/browser/run.sh REPORT.html [SCREENSHOT.png]
#   SCREENSHOT.png defaults to REPORT's path with ".screenshot.png" for ".html".
# Installs Debian's Chromium with apt if it is missing (prints SKIP and exits 0
# when that is impossible), installs playwright-core from package-lock.json with
# `npm ci` if node_modules is missing, then runs check_report.mjs and exits
# with its code (0 ok, 1 problems found, 2 could not run the check).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 REPORT.html [SCREENSHOT.png]" >&2
  exit 2
fi
report="$1"
shot="${2:-${report%.html}.screenshot.png}"

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then
  echo "run.sh: $chromium is missing; installing Debian's chromium with apt-get" >&2
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >&2 \
      || [[ ! -x "$chromium" ]]; then
    echo "SKIP: headless Chromium cannot be installed on this machine (apt-get install chromium failed); the HTML report's browser test did not run"
    exit 0
  fi
fi
export CHROMIUM_PATH="$chromium"

if [[ ! -d "$here/node_modules/playwright-core" ]]; then
  echo "run.sh: installing playwright-core (npm ci)" >&2
  # playwright-core never downloads a browser; the variable is belt and braces.
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund) >&2
fi

rc=0
node "$here/check_report.mjs" "$report" "$shot" || rc=$?
exit "$rc"

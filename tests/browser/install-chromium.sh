#!/usr/bin/env bash
# Makes sure Debian's Chromium is there for the browser tests (tests/serve_browser.rs), which
# drive it headless. Part of the test command in README.md and .ci/run, so one script installs
# it for both. Installs with apt-get when run as root (as CI is); otherwise says what to do.
#
# Env: HEARKEN_CHROMIUM (default /usr/bin/chromium) names the binary the tests use;
#      HEARKEN_SKIP_BROWSER=1 skips the browser tests, and this script with them.
set -euo pipefail
chromium=${HEARKEN_CHROMIUM:-/usr/bin/chromium}
if [ "${HEARKEN_SKIP_BROWSER:-}" = 1 ] || [ -x "$chromium" ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: installing Debian's chromium for the browser tests" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "install-chromium: no Chromium at $chromium. Install Debian's package (sudo apt-get install chromium)," >&2
echo "set HEARKEN_CHROMIUM to a Chromium binary, or set HEARKEN_SKIP_BROWSER=1 to skip the browser tests." >&2
exit 1

#!/bin/sh
# Browser tests drive Debian's chromium; Playwright cannot download its own browser here.
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null && exit 0
fi
echo "The browser tests need Debian's chromium at $CHROMIUM. Install it: sudo apt-get install chromium" >&2
echo "(or run the rest with: make test-fast)" >&2
exit 1

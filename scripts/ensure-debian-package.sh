#!/bin/sh
# Install the named Debian packages when one is missing and we can (root with apt-get).
# `make proxy` needs varnish + varnish-modules; `make test` runs the proxy tests against them.
# Usage: scripts/ensure-debian-package.sh PACKAGE...
missing=""
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's$missing..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null && exit 0
fi
echo "Missing Debian packages:$missing. Install them: sudo apt-get install$missing" >&2
exit 1

#!/bin/sh
# A fresh Debian ships python3 without venv/ensurepip; install it when we can, else say what to do.
PYTHON="$1"
if [ -z "$PYTHON" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq && apt-get install -y -qq python3 python3-venv && PYTHON=python3
fi
if [ -z "$PYTHON" ]; then
  echo "Python 3.11 was not found. On Debian: sudo apt-get install python3 python3-venv" >&2
  exit 1
fi
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' || {
  echo "Masthead needs Python 3.11 (found: $("$PYTHON" --version 2>&1)). Set PYTHON=/path/to/python3.11." >&2
  exit 1
}
if "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq && apt-get install -y -qq python3-venv
else
  echo "Python's venv module is missing. Install it: sudo apt-get install python3-venv" >&2
  exit 1
fi

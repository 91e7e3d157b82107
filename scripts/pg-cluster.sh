#!/bin/bash
# A private PostgreSQL primary and its streaming replica under var/cluster/ (never the shared one on 5432).
#
#   scripts/pg-cluster.sh start [--dir DIR] [--port 5433] [--replica-port 5434] [--database masthead]
#                             make what is missing, start both, wait until the replica streams,
#                             print DATABASE_URL and DATABASE_REPLICA_URL lines
#   scripts/pg-cluster.sh env|status|stop|stop-replica|start-replica|destroy [--dir DIR]
#
# The work is done by masthead/core/pgcluster.py (see its docstring); `make cluster` calls this.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x "$PY" ] || PY="$(command -v python3)"
exec "$PY" -m masthead.core.pgcluster "$@"

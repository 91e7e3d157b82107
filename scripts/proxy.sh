#!/bin/bash
# `make proxy`: the site as `make run` serves it, with Varnish in front (deploy/varnish/masthead.vcl).
#
#   scripts/proxy.sh              app on $PORT (default 8000), Varnish on $PROXY_PORT (default 8080);
#                                 Ctrl+C stops both
#   scripts/proxy.sh vcl PORT[,PORT...] [HOST]
#                                 print the shipped VCL with its backend set to HOST:PORT, one
#                                 backend per port when there are several app nodes (make cluster)
#                                 (the tests render it this way too, so there is one way to do it)
#
# The app is started with PROXY_PURGE_URLS pointing at this Varnish, so publishing purges it,
# and with TRUSTED_PROXIES=127.0.0.1, so rate limits count readers rather than the proxy.
set -euo pipefail
cd "$(dirname "$0")/.."

VCL=deploy/varnish/masthead.vcl

render_vcl() {
  # PORTS: one app node's port, or several separated by commas (make cluster's nodes).
  local ports="$1" host="${2:-127.0.0.1}"
  awk -v ports="$ports" -v host="$host" '
    BEGIN { count = split(ports, port, ",") }
    function name(i) { return i == 1 ? "app" : "app" i }
    # The backend block is repeated once per node, its name, .host and .port set.
    /^backend app \{$/ { inside = 1; block = ""; next }
    inside && /^\}$/ {
      inside = 0
      for (i = 1; i <= count; i++) {
        text = block
        sub(/\.host = "127\.0\.0\.1";/, ".host = \"" host "\";", text)
        if (!sub(/\.port = "8000";/, ".port = \"" port[i] "\";", text)) { missing = 1 }
        printf "backend %s {\n%s}\n", name(i), text
        if (i < count) printf "\n"
      }
      rendered = 1
      next
    }
    inside { block = block $0 "\n"; next }
    /^    nodes\.add_backend\(app\);$/ {
      for (i = 1; i <= count; i++) printf "    nodes.add_backend(%s);\n", name(i)
      added = 1
      next
    }
    { print }
    END { if (!rendered || !added || missing) exit 1 }
  ' "$VCL" || { echo "$VCL: no backend app block with '    .port = \"8000\";' or no 'nodes.add_backend(app);' to render" >&2; return 1; }
}

case "${1:-run}" in
  vcl)
    render_vcl "${2:?usage: scripts/proxy.sh vcl PORT[,PORT...] [HOST]}" "${3:-127.0.0.1}"
    exit ;;
  run) ;;
  *)
    sed -n '2,9p' "$0" >&2
    exit 2 ;;
esac

PORT="${PORT:-8000}"
PROXY_PORT="${PROXY_PORT:-8080}"
WORKDIR="$PWD/var/varnish"

scripts/ensure-debian-package.sh varnish varnish-modules
mkdir -p "$WORKDIR"
render_vcl "$PORT" > "$WORKDIR/masthead.vcl"
varnishd -C -f "$WORKDIR/masthead.vcl" >/dev/null 2>"$WORKDIR/compile.log" || { cat "$WORKDIR/compile.log" >&2; exit 1; }

app_pid=""
varnish_pid=""
stop() {
  trap - INT TERM EXIT
  [ -n "$varnish_pid" ] && kill "$varnish_pid" 2>/dev/null || true
  # The app runs in its own process group (setsid): make, manage.py serve and gunicorn.
  [ -n "$app_pid" ] && kill -TERM -- "-$app_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

# `make run` itself, so the proxy serves exactly what `make run` would (catalogs, migrations,
# collectstatic, the demo newsroom, the admin account), in its own process group so that
# Ctrl+C reaches this script first and the app is stopped in order.
PROXY_PURGE_URLS="http://127.0.0.1:$PROXY_PORT" \
TRUSTED_PROXIES="${TRUSTED_PROXIES:-127.0.0.1}" \
SITE_URL="${SITE_URL:-http://127.0.0.1:$PROXY_PORT}" \
PORT="$PORT" setsid "${MAKE:-make}" --no-print-directory run &
app_pid=$!

# Varnish starts once the app answers its health check, so the probe finds it up at once
# (a probe that fails while gunicorn boots would mark it sick for a few seconds: 503s).
until .venv/bin/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/healthz', timeout=2)" 2>/dev/null; do
  kill -0 "$app_pid" 2>/dev/null || { echo "the app did not start (see above)" >&2; exit 1; }
  sleep 0.5
done

varnishd -F -n "$WORKDIR/n" -a "127.0.0.1:$PROXY_PORT" -f "$WORKDIR/masthead.vcl" \
  -s "malloc,${PROXY_CACHE_SIZE:-256m}" &
varnish_pid=$!
echo "Varnish is at http://127.0.0.1:$PROXY_PORT/ in front of the app on port $PORT (Ctrl+C stops both)"

# Whichever stops first (the app failed to start, varnishd could not bind) stops the other.
wait -n "$app_pid" "$varnish_pid" || true

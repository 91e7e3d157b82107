#!/bin/bash
# How fast a cached page is served on this machine: nginx serving it as a static file, the
# same bytes through Varnish with the shipped VCL (a cache hit), and through nginx's own
# proxy_cache (the alternative we did not choose). Figures go into deploy/README.md.
#
#   deploy/measure.sh PAGE.html [ROUNDS]
#
# PAGE.html is a saved reader page, e.g. `curl -s http://127.0.0.1:8000/news/tsena-zimy/ > var/page.html`
# under `make run`. Each round runs `wrk -t2 -c8 -d5s` against the three in turn (interleaved, so
# a neighbour's load spreads over all three); the load average is printed beside each figure.
# Everything runs privately on free loopback ports and is stopped at the end.
set -euo pipefail
PAGE="${1:?usage: deploy/measure.sh PAGE.html [ROUNDS]}"
ROUNDS="${2:-3}"
ROOT_DIR="$(cd "$(dirname "$0")/.." && pwd)"
for tool in nginx varnishd wrk; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install nginx varnish varnish-modules wrk)" >&2; exit 1; }
done

WORK=$(mktemp -d)
chmod 755 "$WORK"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ORIGIN=$(free_port); NGINX_CACHE=$(free_port); VARNISH=$(free_port)
mkdir -p "$WORK/root/static/bench" "$WORK/cache"
cp "$PAGE" "$WORK/root/static/bench/page.html"
chmod -R a+rX "$WORK/root"

cat > "$WORK/nginx.conf" <<CONF
$( [ "$(id -u)" = 0 ] && echo "user root;" )
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  default_type text/html;
  client_body_temp_path $WORK/tmp-body;
  proxy_temp_path $WORK/tmp-proxy;
  fastcgi_temp_path $WORK/tmp-fastcgi;
  uwsgi_temp_path $WORK/tmp-uwsgi;
  scgi_temp_path $WORK/tmp-scgi;
  proxy_cache_path $WORK/cache keys_zone=pages:10m;
  server {
    listen 127.0.0.1:$ORIGIN;
    root $WORK/root;
    add_header Cache-Control "public, max-age=60, s-maxage=600";
  }
  server {
    listen 127.0.0.1:$NGINX_CACHE;
    location / {
      proxy_pass http://127.0.0.1:$ORIGIN;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache pages;
      add_header X-Cache \$upstream_cache_status;
    }
  }
}
CONF

"$ROOT_DIR/scripts/proxy.sh" vcl "$ORIGIN" > "$WORK/masthead.vcl"
nginx -p "$WORK" -c "$WORK/nginx.conf"
varnishd -j none -n "$WORK/varnish" -a "127.0.0.1:$VARNISH" -f "$WORK/masthead.vcl" -s malloc,64m -T none -P "$WORK/varnish.pid"
cleanup() {
  kill "$(cat "$WORK/varnish.pid")" 2>/dev/null || true
  kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  sleep 0.5
  rm -rf "$WORK"
}
trap cleanup EXIT
sleep 1

URL=/static/bench/page.html
for port in $NGINX_CACHE $VARNISH; do  # warm both caches, and show that the second answer is a hit
  curl -s -o /dev/null "http://127.0.0.1:$port$URL"
  echo "127.0.0.1:$port $(curl -s -o /dev/null -D - "http://127.0.0.1:$port$URL" | grep -i '^x-cache' | tr -d '\r')"
done
echo "page: $(wc -c < "$PAGE") bytes; $(nproc) cores"

declare -A names=([$ORIGIN]="nginx static file" [$VARNISH]="Varnish hit (shipped VCL)" [$NGINX_CACHE]="nginx proxy_cache hit")
for round in $(seq "$ROUNDS"); do
  for port in $ORIGIN $VARNISH $NGINX_CACHE; do
    rps=$(wrk -t2 -c8 -d5s "http://127.0.0.1:$port$URL" | awk '/Requests\/sec/ {print $2}')
    printf 'round %s  %-28s %10s req/s   load %s\n' "$round" "${names[$port]}" "$rps" "$(cut -d' ' -f1-3 /proc/loadavg)"
  done
done

#!/usr/bin/env bash
# SQL injection scan of the public search and filters, against a live server with the
# demo data on a throwaway SQLite database. Needs sqlmap (apt-get install sqlmap).
# Prints sqlmap's verdict for each URL; exits non-zero if any parameter is injectable.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${SQLMAP_PORT:-18766}"
work="$(mktemp -d)"
export DATABASE_URL="sqlite:///$work/db.sqlite3"
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py load_demo >/dev/null
.venv/bin/python manage.py runserver "127.0.0.1:$port" --noreload >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

found=0
for url in "/decisions/?q=business&year=2012&board=strategic-policing-and-crime-board&status=published&page=1" \
           "/decisions.csv?q=business&year=2012&status=published" \
           "/api/decisions.json?q=business&board=strategic-policing-and-crime-board" \
           "/decisions/feed/?q=business&year=2012"; do
  echo "== $url"
  out="$(sqlmap -u "http://127.0.0.1:$port$url" --batch --level=2 --risk=1 \
         --output-dir="$work/sqlmap" --disable-coloring 2>&1 || true)"
  echo "$out" | grep -E "do not appear to be injectable|is vulnerable|might be injectable|CRITICAL" || true
  if echo "$out" | grep -qE "is vulnerable|parameter '.*' is '.*' injectable"; then found=1; fi
done
exit $found

#!/usr/bin/env bash
# Proves the README's "Production" recipe on a copy of this working tree (committed or not):
# npm ci, npm run build, npm prune --omit=dev, then node dist/server/index.js in demo mode:
# /healthz, /readyz, the page, one demo API route, and SIGTERM ending it with exit code 0.
# Takes a minute or so (a full install and build); not part of npm test.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d "${TMPDIR:-/tmp}/sp-production-check.XXXXXX")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid"; fi
  rm -rf "$work"
}
trap cleanup EXIT

started=$SECONDS
step() { printf '\n== %s (%ss so far)\n' "$1" "$((SECONDS - started))"; }
fail() {
  printf 'FAILED: %s\n' "$1" >&2
  if [ -f "$work/server.log" ]; then sed 's/^/  server: /' "$work/server.log" >&2; fi
  exit 1
}

step "copy tracked and new files (git ls-files -co --exclude-standard) to $work/app"
mkdir "$work/app"
git ls-files -z -co --exclude-standard |
  while IFS= read -r -d '' file; do
    # Never carry an installed tree (a node_modules symlink would let npm ci empty its target).
    case "$file" in node_modules | node_modules/* | dist | dist/*) continue ;; esac
    if [ -e "$file" ]; then printf '%s\0' "$file"; fi
  done |
  tar -cf - --null -T - | tar -xf - -C "$work/app"
cd "$work/app"

step "npm ci"
npm ci --no-audit --no-fund
step "npm run build"
npm run build
step "npm prune --omit=dev"
npm prune --omit=dev --no-audit --no-fund
for dev_only in tsx vite esbuild typescript react; do
  [ ! -e "node_modules/$dev_only" ] || fail "node_modules/$dev_only survived npm prune --omit=dev"
done

step "node dist/server/index.js"
port="$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { process.stdout.write(String(s.address().port)); s.close(); });")"
base="http://127.0.0.1:$port"
PORT="$port" HOST=127.0.0.1 SP_API_URL='' SP_API_TOKEN='' node dist/server/index.js >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || fail "the server exited during start-up"
  sleep 0.1
done

health="$(curl -fsS "$base/healthz")" || fail "GET /healthz"
[[ "$health" == *'"ok":true'* ]] || fail "/healthz said $health"
echo "GET /healthz -> $health"
ready="$(curl -fsS "$base/readyz")" || fail "GET /readyz (the demo upstream should be ready)"
echo "GET /readyz -> $ready"
info="$(curl -fsS "$base/api/server-info")" || fail "GET /api/server-info"
[[ "$info" == *'"mode":"demo"'* ]] || fail "/api/server-info said $info"

page="$(curl -fsS "$base/")" || fail "GET /"
[[ "$page" == *'<div id="root">'* && "$page" == *'/assets/'* ]] || fail "GET / is not the built page"
echo "GET / -> the built index.html"

bundle="$(curl -sS "$base/server/index.js")"
[[ "$bundle" != *'createApp'* ]] || fail "the server bundle is served as a public file"

api_url="$(grep -A1 '^JSON API example:' "$work/server.log" | tail -n1 | tr -d ' ')"
[[ "$api_url" == "$base/api/"* ]] || fail "no JSON API example link printed"
status="$(curl -sS -o "$work/api.json" -w '%{http_code}' "$api_url")"
[ "$status" = 200 ] && grep -q '"results"' "$work/api.json" ||
  fail "GET $api_url -> $status $(head -c 300 "$work/api.json")"
echo "GET ${api_url#"$base"} -> 200, $(wc -c <"$work/api.json") bytes of JSON"

step "SIGTERM"
kill -TERM "$server_pid"
code=0
wait "$server_pid" || code=$?
server_pid=""
[ "$code" = 0 ] || fail "the server exited with $code after SIGTERM"
if curl -sS "$base/api/health" >/dev/null 2>&1; then fail "port $port still answers"; fi
echo "exit code 0, port $port freed"

printf '\nProduction recipe OK in %ss\n' "$((SECONDS - started))"

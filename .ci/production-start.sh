#!/usr/bin/env bash
# A production install must start: copy the tracked files to a temp folder, `npm ci --omit=dev` (no tsx, no
# TypeScript), `npm start`, wait for /healthz to report the knowledge ready, check the CLI, stop with SIGTERM
# and expect exit 0 within the bounded shutdown.
set -euo pipefail
cd "$(dirname "$0")/.."

TMP="$(mktemp -d /tmp/congdoan-prod.XXXXXX)"
BOT_PID=""
cleanup() {
  if [ -n "$BOT_PID" ]; then kill -KILL -- "-$BOT_PID" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT

git ls-files -z | xargs -0 -I{} cp --parents {} "$TMP/"
cd "$TMP"
npm ci --omit=dev --no-audit --no-fund >/dev/null
if [ -e node_modules/tsx ] || [ -e node_modules/typescript ]; then
  echo "production install holds dev dependencies" >&2
  exit 1
fi

PORT=38100
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
# In its own process group, so that SIGTERM reaches npm and the bot at once (as systemd's control group does).
PORT=$PORT HOST=127.0.0.1 DATA_DIR="$TMP/data" setsid npm start >"$TMP/bot.log" 2>&1 &
BOT_PID=$!

ready=0
for _ in $(seq 1 300); do
  if body="$(curl -fsS "http://127.0.0.1:$PORT/healthz" 2>/dev/null)" && [[ "$body" == *'"ready":true'* ]]; then ready=1; break; fi
  if ! kill -0 "$BOT_PID" 2>/dev/null; then break; fi
  sleep 0.2
done
if [ "$ready" != 1 ]; then
  echo "production start failed:" >&2
  cat "$TMP/bot.log" >&2
  exit 1
fi
echo "production install: npm start answered /healthz with the knowledge ready"

npx --no-install congdoan check knowledge >/dev/null

# The bot stops within its bounded shutdown and logs it (npm itself exits 143 on SIGTERM).
kill -TERM -- "-$BOT_PID"
wait "$BOT_PID" || true
# npm exits at once; wait for the bot itself (the rest of the group), at most the unit's 30 s.
for _ in $(seq 1 150); do
  kill -0 -- "-$BOT_PID" 2>/dev/null || break
  sleep 0.2
done
if ! grep -q '"msg":"stopped"' "$TMP/bot.log"; then
  echo "the bot did not stop cleanly after SIGTERM:" >&2
  cat "$TMP/bot.log" >&2
  exit 1
fi
echo "production install: stopped cleanly on SIGTERM"

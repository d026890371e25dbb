#!/usr/bin/env bash
# Stops the test broker that start-kafka.sh started (SIGTERM, a clean shutdown), and waits until it has exited; `--restart` starts it again.
set -euo pipefail
cd "$(dirname "$0")/../.."
PID_FILE=.cache/kafka/kafka.pid
if [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
  PID="$(cat "$PID_FILE")"
  kill "$PID"
  for _ in $(seq 1 120); do kill -0 "$PID" 2>/dev/null || break; sleep 0.25; done
  kill -0 "$PID" 2>/dev/null && kill -9 "$PID"
fi
rm -f "$PID_FILE"
if [ "${1:-}" = "--restart" ]; then exec bash scripts/services/start-kafka.sh; fi

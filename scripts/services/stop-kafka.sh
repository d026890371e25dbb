#!/usr/bin/env bash
# Stops the test broker that start-kafka.sh started (SIGTERM, a clean shutdown), and waits until it has exited; `--restart` starts it again.
# SKIMMER_KAFKA_DIR (set for the test workers by test-support/globalSetup.ts) names the run's broker; without it, .cache/kafka.
set -euo pipefail
cd "$(dirname "$0")/../.."
PID_FILE="${SKIMMER_KAFKA_DIR:-.cache/kafka}/kafka.pid"
if [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
  PID="$(cat "$PID_FILE")"
  kill "$PID"
  for _ in $(seq 1 120); do kill -0 "$PID" 2>/dev/null || break; sleep 0.25; done
  kill -0 "$PID" 2>/dev/null && kill -9 "$PID"
fi
rm -f "$PID_FILE"
if [ "${1:-}" = "--restart" ]; then exec bash scripts/services/start-kafka.sh; fi

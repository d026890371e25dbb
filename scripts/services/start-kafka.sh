#!/usr/bin/env bash
# Starts a single-node Apache Kafka broker (KRaft) for the integration tests; prints where it listens.
# By hand (no variables): 127.0.0.1:19092, state in .cache/kafka, writes TEST_KAFKA_BROKERS to .cache/services/kafka.env.
# Per test run (test-support/globalSetup.ts): SKIMMER_KAFKA_DIR (data, log, pid and config of this run), SKIMMER_KAFKA_PORT
# and SKIMMER_KAFKA_CONTROLLER_PORT (free ports); no env file. stop-kafka.sh --restart brings it back on the same ports.
# Idempotent: when the broker already answers, it does nothing more. Jars come from Maven Central via scripts/kafka/pom.xml.
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT="${SKIMMER_KAFKA_PORT:-19092}"
CONTROLLER_PORT="${SKIMMER_KAFKA_CONTROLLER_PORT:-$((PORT + 1))}"
DIR="${SKIMMER_KAFKA_DIR:-.cache/kafka}"
LIB=.cache/kafka/lib
DATA="${SKIMMER_KAFKA_DATA:-$DIR/data}"
LOG="$DIR/server.log"
PID_FILE="$DIR/kafka.pid"
CONFIG="$DIR/server.properties"
ENV_FILE=.cache/services/kafka.env

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

command -v java >/dev/null || { echo "start-kafka: needs Java 17+ (apt-get install -y default-jre-headless)" >&2; exit 1; }
if ! ls "$LIB"/kafka_2.13-*.jar >/dev/null 2>&1; then
  command -v mvn >/dev/null || { echo "start-kafka: needs Maven to fetch the Kafka jars once (apt-get install -y maven)" >&2; exit 1; }
  echo "start-kafka: fetching the Kafka jars into $LIB (once)"
  mvn -q -f scripts/kafka/pom.xml dependency:copy-dependencies
fi

mkdir -p "$DIR"
if ! answers; then
  sed -e "s#^log.dirs=.*##" -e "s#19092#$PORT#g" -e "s#19093#$CONTROLLER_PORT#g" scripts/kafka/server.properties > "$CONFIG"
  echo "log.dirs=$(realpath -m "$DATA")" >> "$CONFIG"
  CP="$(realpath "$LIB")/*"
  if [ ! -f "$DATA/meta.properties" ]; then
    mkdir -p "$DATA"
    CLUSTER_ID="$(java -cp "$CP" kafka.tools.StorageTool random-uuid)"
    java -cp "$CP" kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$CONFIG" --ignore-formatted >/dev/null
  fi
  nohup java -Xms256m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$CP" kafka.Kafka "$CONFIG" >"$LOG" 2>&1 &
  echo $! > "$PID_FILE"
  for _ in $(seq 1 240); do
    answers && break
    kill -0 "$(cat "$PID_FILE")" 2>/dev/null || { echo "start-kafka: the broker exited; see $LOG" >&2; tail -n 20 "$LOG" >&2; exit 1; }
    sleep 0.5
  done
  answers || { echo "start-kafka: no answer on 127.0.0.1:$PORT after 120 s; see $LOG" >&2; exit 1; }
fi

if [ -z "${SKIMMER_KAFKA_DIR:-}" ]; then
  mkdir -p "$(dirname "$ENV_FILE")"
  echo "TEST_KAFKA_BROKERS=127.0.0.1:$PORT" > "$ENV_FILE"
fi
echo "kafka: 127.0.0.1:$PORT (data $DATA)"

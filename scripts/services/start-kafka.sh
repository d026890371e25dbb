#!/usr/bin/env bash
# Starts a single-node Apache Kafka broker (KRaft) for the integration tests on 127.0.0.1:19092 and writes TEST_KAFKA_BROKERS to .cache/services/kafka.env.
# Idempotent: when the broker already answers, it only rewrites the env file. Jars come from Maven Central via scripts/kafka/pom.xml.
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT=19092
LIB=.cache/kafka/lib
DATA="${SKIMMER_KAFKA_DATA:-.cache/kafka/data}"
LOG=.cache/kafka/server.log
PID_FILE=.cache/kafka/kafka.pid
ENV_FILE=.cache/services/kafka.env
CONFIG=.cache/kafka/server.properties

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

if ! ls "$LIB"/kafka_2.13-*.jar >/dev/null 2>&1; then
  command -v mvn >/dev/null || { echo "start-kafka: needs Maven (apt-get install -y maven) and Java 17+" >&2; exit 1; }
  echo "start-kafka: fetching the Kafka jars into $LIB (once)"
  mvn -q -f scripts/kafka/pom.xml dependency:copy-dependencies
fi

mkdir -p .cache/kafka "$(dirname "$ENV_FILE")"
if ! answers; then
  sed "s#^log.dirs=.*##" scripts/kafka/server.properties > "$CONFIG"
  echo "log.dirs=$(realpath -m "$DATA")" >> "$CONFIG"
  CP="$(realpath "$LIB")/*"
  if [ ! -f "$DATA/meta.properties" ]; then
    mkdir -p "$DATA"
    CLUSTER_ID="$(java -cp "$CP" kafka.tools.StorageTool random-uuid)"
    java -cp "$CP" kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$CONFIG" --ignore-formatted >/dev/null
  fi
  nohup java -Xms256m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$CP" kafka.Kafka "$CONFIG" >"$LOG" 2>&1 &
  echo $! > "$PID_FILE"
  for _ in $(seq 1 120); do
    answers && break
    kill -0 "$(cat "$PID_FILE")" 2>/dev/null || { echo "start-kafka: the broker exited; see $LOG" >&2; tail -n 20 "$LOG" >&2; exit 1; }
    sleep 0.5
  done
  answers || { echo "start-kafka: no answer on 127.0.0.1:$PORT after 60 s; see $LOG" >&2; exit 1; }
fi

echo "TEST_KAFKA_BROKERS=127.0.0.1:$PORT" > "$ENV_FILE"
echo "kafka: 127.0.0.1:$PORT (data $DATA; $ENV_FILE)"

#!/usr/bin/env bash
# Starts a three-broker Apache Kafka cluster in KRaft mode on 127.0.0.1 (each node broker and controller; three
# controller voters), topics replicated 3 ways with min.insync.replicas 2: one broker may be down and acks=all
# writes still succeed. Prints one line of JSON: the bootstrap list and each node's pid.
# Usage: scripts/kafka/start-cluster.sh DIR PORT
#   node N (1..3): broker on PORT+2(N-1), controller on PORT+2(N-1)+1; data, config and log under DIR/node-N
#   DIR/node-N/start.sh starts node N again (after it was stopped or killed); stop: kill "$(cat DIR/node-N/kafka.pid)"
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DIR="$(realpath -m "${1:?usage: start-cluster.sh DIR PORT}")"
PORT="${2:?usage: start-cluster.sh DIR PORT}"
LIB="$ROOT/.cache/kafka/lib"
ls "$LIB"/kafka_2.13-*.jar >/dev/null 2>&1 || { echo "start-cluster: no Kafka jars in $LIB: mvn -q -f scripts/kafka/pom.xml dependency:copy-dependencies" >&2; exit 1; }
CP="$LIB/*"
# shellcheck source=internal-topics.sh
source "$ROOT/scripts/kafka/internal-topics.sh"
broker_port() { echo $((PORT + 2 * ($1 - 1))); }
controller_port() { echo $((PORT + 2 * ($1 - 1) + 1)); }
VOTERS="1@127.0.0.1:$(controller_port 1),2@127.0.0.1:$(controller_port 2),3@127.0.0.1:$(controller_port 3)"
CLUSTER_ID="$(java -cp "$CP" kafka.tools.StorageTool random-uuid 2>/dev/null)"
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

for n in 1 2 3; do
  NODE="$DIR/node-$n"
  mkdir -p "$NODE/data"
  cat > "$NODE/server.properties" <<PROPS
process.roles=broker,controller
node.id=$n
controller.quorum.voters=$VOTERS
listeners=PLAINTEXT://127.0.0.1:$(broker_port "$n"),CONTROLLER://127.0.0.1:$(controller_port "$n")
advertised.listeners=PLAINTEXT://127.0.0.1:$(broker_port "$n")
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$NODE/data
num.partitions=3
default.replication.factor=3
min.insync.replicas=2
$(internal_topics 3 2)
unclean.leader.election.enable=false
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
group.min.session.timeout.ms=1000
# A restarted broker catches up and is back in the ISR within seconds on loopback.
replica.lag.time.max.ms=10000
PROPS
  [ -f "$NODE/data/meta.properties" ] || java -cp "$CP" kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$NODE/server.properties" --ignore-formatted >"$NODE/format.log" 2>&1
  cat > "$NODE/start.sh" <<START
#!/usr/bin/env bash
nohup java -Xms128m -Xmx320m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '$CP' kafka.Kafka '$NODE/server.properties' >>'$NODE/server.log' 2>&1 &
echo \$! > '$NODE/kafka.pid'
START
  bash "$NODE/start.sh"
done

for n in 1 2 3; do
  for _ in $(seq 1 240); do
    answers "$(broker_port "$n")" && break
    kill -0 "$(cat "$DIR/node-$n/kafka.pid")" 2>/dev/null || { echo "start-cluster: node $n exited; see $DIR/node-$n/server.log" >&2; tail -n 20 "$DIR/node-$n/server.log" >&2; exit 1; }
    sleep 0.5
  done
  answers "$(broker_port "$n")" || { echo "start-cluster: node $n does not answer on $(broker_port "$n") after 120 s" >&2; exit 1; }
done
printf '{"brokers":["127.0.0.1:%s","127.0.0.1:%s","127.0.0.1:%s"],"pids":[%s,%s,%s],"dir":"%s"}\n' \
  "$(broker_port 1)" "$(broker_port 2)" "$(broker_port 3)" "$(cat "$DIR/node-1/kafka.pid")" "$(cat "$DIR/node-2/kafka.pid")" "$(cat "$DIR/node-3/kafka.pid")" "$DIR"

#!/usr/bin/env bash
# Starts a single-node KRaft broker with TLS and SASL for trying (and specifying) secured clients: certificates made
# here with openssl, SCRAM users created at format time. Prints one line of JSON with the ports and file paths.
# Usage: scripts/kafka/start-secure-broker.sh DIR PORT   (stop: kill "$(cat DIR/kafka.pid)")
#   PORT     SSL, mutual TLS (client certificate signed by DIR/certs/ca.pem required)
#   PORT+1   SASL_SSL: PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512, server certificate only
#   PORT+2   controller, PORT+3 inter-broker (plaintext, 127.0.0.1 only)
# Users (names and passwords of a local test broker only, never for a real one): SCRAM user `skimmer-scram`, PLAIN user `skimmer-plain`; their
# passwords are read from SKIMMER_TEST_SCRAM_PASSWORD / SKIMMER_TEST_PLAIN_PASSWORD (required).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DIR="$(realpath -m "${1:?usage: start-secure-broker.sh DIR PORT}")"
PORT="${2:?usage: start-secure-broker.sh DIR PORT}"
: "${SKIMMER_TEST_SCRAM_PASSWORD:?set SKIMMER_TEST_SCRAM_PASSWORD}" "${SKIMMER_TEST_PLAIN_PASSWORD:?set SKIMMER_TEST_PLAIN_PASSWORD}"
LIB="$ROOT/.cache/kafka/lib"
ls "$LIB"/kafka_2.13-*.jar >/dev/null 2>&1 || { echo "start-secure-broker: no Kafka jars in $LIB: mvn -q -f scripts/kafka/pom.xml dependency:copy-dependencies" >&2; exit 1; }
CP="$LIB/*"
# shellcheck source=internal-topics.sh
source "$ROOT/scripts/kafka/internal-topics.sh"
SSL_PORT=$PORT SASL_PORT=$((PORT + 1)) CONTROLLER_PORT=$((PORT + 2)) INTERNAL_PORT=$((PORT + 3))
mkdir -p "$DIR/certs" "$DIR/data"
C="$DIR/certs"

# A CA, the broker's certificate (for 127.0.0.1 and localhost) and a client certificate, all signed by the CA.
if [ ! -f "$C/ca.pem" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=skimmer-test-ca" -keyout "$C/ca.key" -out "$C/ca.pem" 2>/dev/null
  for who in broker client; do
    openssl req -newkey rsa:2048 -nodes -subj "/CN=skimmer-$who" -keyout "$C/$who.key" -out "$C/$who.csr" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > "$C/$who.ext"
    openssl x509 -req -in "$C/$who.csr" -CA "$C/ca.pem" -CAkey "$C/ca.key" -CAcreateserial -days 2 -extfile "$C/$who.ext" -out "$C/$who.pem" 2>/dev/null
  done
  # Kafka's PEM key store: the private key (PKCS#8) and the certificate chain in one file.
  cat "$C/broker.key" "$C/broker.pem" "$C/ca.pem" > "$C/broker-keystore.pem"
fi

CONFIG="$DIR/server.properties"
cat > "$CONFIG" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=SSL://127.0.0.1:$SSL_PORT,SASL_SSL://127.0.0.1:$SASL_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT,INTERNAL://127.0.0.1:$INTERNAL_PORT
advertised.listeners=SSL://127.0.0.1:$SSL_PORT,SASL_SSL://127.0.0.1:$SASL_PORT,INTERNAL://127.0.0.1:$INTERNAL_PORT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,SSL:SSL,SASL_SSL:SASL_SSL
controller.listener.names=CONTROLLER
inter.broker.listener.name=INTERNAL
log.dirs=$DIR/data
num.partitions=1
$(internal_topics 1 1)
group.initial.rebalance.delay.ms=0
group.min.session.timeout.ms=1000
auto.create.topics.enable=false
ssl.keystore.type=PEM
ssl.keystore.location=$C/broker-keystore.pem
ssl.truststore.type=PEM
ssl.truststore.location=$C/ca.pem
listener.name.ssl.ssl.client.auth=required
listener.name.sasl_ssl.ssl.client.auth=none
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_skimmer-plain="$SKIMMER_TEST_PLAIN_PASSWORD";
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
PROPS
chmod 600 "$CONFIG"

if [ ! -f "$DIR/data/meta.properties" ]; then
  java -cp "$CP" kafka.tools.StorageTool format -t "$(java -cp "$CP" kafka.tools.StorageTool random-uuid 2>/dev/null)" -c "$CONFIG" --ignore-formatted \
    --add-scram "SCRAM-SHA-256=[name=skimmer-scram,password=$SKIMMER_TEST_SCRAM_PASSWORD]" \
    --add-scram "SCRAM-SHA-512=[name=skimmer-scram,password=$SKIMMER_TEST_SCRAM_PASSWORD]" >"$DIR/format.log" 2>&1
fi
nohup java -Xms128m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$CP" kafka.Kafka "$CONFIG" >"$DIR/server.log" 2>&1 &
echo $! > "$DIR/kafka.pid"
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for _ in $(seq 1 240); do
  answers "$SASL_PORT" && answers "$SSL_PORT" && break
  kill -0 "$(cat "$DIR/kafka.pid")" 2>/dev/null || { echo "start-secure-broker: the broker exited; see $DIR/server.log" >&2; tail -n 20 "$DIR/server.log" >&2; exit 1; }
  sleep 0.5
done
answers "$SASL_PORT" || { echo "start-secure-broker: no answer on 127.0.0.1:$SASL_PORT after 120 s; see $DIR/server.log" >&2; exit 1; }
printf '{"ssl":"127.0.0.1:%s","saslSsl":"127.0.0.1:%s","ca":"%s","cert":"%s","key":"%s","pid":%s}\n' "$SSL_PORT" "$SASL_PORT" "$C/ca.pem" "$C/client.pem" "$C/client.key" "$(cat "$DIR/kafka.pid")"

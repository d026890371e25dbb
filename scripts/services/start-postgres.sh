#!/usr/bin/env bash
# Starts Debian's PostgreSQL for the integration tests on 127.0.0.1:5433 (database skimmer_test) and writes TEST_DATABASE_URL to .cache/services/postgres.env.
# Idempotent: when the server already answers, it only makes sure the user and database exist.
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT="${SKIMMER_PG_PORT:-5433}"
DATA="${SKIMMER_PG_DATA:-/tmp/skimmer-postgres-$PORT}"
DB=skimmer_test
ROLE=skimmer
PASSWORD=skimmer_test_password
URL="postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"
ENV_FILE=.cache/services/postgres.env

BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "start-postgres: no PostgreSQL found under /usr/lib/postgresql/*/bin; install it: apt-get install -y postgresql" >&2
  exit 1
fi

# Postgres refuses to run as root: run its tools as the `postgres` system user then (Debian's package creates it).
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
SUPERUSER="$([ "$(id -u)" = 0 ] && echo postgres || id -un)"
psql_admin() { as_pg "$BIN/psql" -h "$DATA" -p "$PORT" -U "$SUPERUSER" -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

if ! "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  if [ ! -f "$DATA/PG_VERSION" ]; then
    mkdir -p "$DATA"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$DATA"
    chmod 700 "$DATA"
    as_pg "$BIN/initdb" -D "$DATA" -U "$SUPERUSER" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >/dev/null
  fi
  as_pg "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$DATA" start >/dev/null
fi

if [ -S "$DATA/.s.PGSQL.$PORT" ]; then
  if [ -z "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" ]; then
    psql_admin -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'"
  fi
  if [ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]; then
    psql_admin -c "CREATE DATABASE $DB OWNER $ROLE"
  fi
fi

if ! PGCONNECT_TIMEOUT=5 "$BIN/psql" "$URL" -qtA -c 'SELECT 1' >/dev/null; then
  echo "start-postgres: a server answers on 127.0.0.1:$PORT but $URL does not work (another server on that port? set SKIMMER_PG_PORT)" >&2
  exit 1
fi

mkdir -p "$(dirname "$ENV_FILE")"
echo "TEST_DATABASE_URL=$URL" > "$ENV_FILE"
echo "postgres: $URL (data $DATA; $ENV_FILE)"

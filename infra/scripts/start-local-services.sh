#!/usr/bin/env bash
# Starts the PostgreSQL and Redis installed from apt (Debian/Ubuntu) for local development,
# creates the database if it is missing, and prints the variables to export.
#
#   infra/scripts/start-local-services.sh                 # status on stderr, exports on stdout
#   eval "$(infra/scripts/start-local-services.sh)"       # …and set them in this shell
#
# Idempotent: services that already answer are left alone. Uses sudo only when it must
# (starting a PostgreSQL cluster, or reaching it as the postgres user over the socket).
#
# Settings (environment): PGHOST (127.0.0.1), PGPORT (5432), UPPSIKT_DB (uppsikt),
# UPPSIKT_DB_USER (postgres), REDIS_PORT (6379).
# Install first if needed: sudo apt-get install postgresql redis-server
set -euo pipefail

PG_HOST=${PGHOST:-127.0.0.1}
PG_PORT=${PGPORT:-5432}
DB_NAME=${UPPSIKT_DB:-uppsikt}
DB_USER=${UPPSIKT_DB_USER:-postgres}
REDIS_HOST=127.0.0.1
REDIS_PORT=${REDIS_PORT:-6379}
STATE_DIR=${XDG_STATE_HOME:-$HOME/.local/state}/uppsikt

log() { printf '[local-services] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

if [[ ! $DB_NAME =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then die "UPPSIKT_DB must be a plain identifier, got '$DB_NAME'"; fi
if [[ ! $DB_USER =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then die "UPPSIKT_DB_USER must be a plain identifier, got '$DB_USER'"; fi

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root for: $* (install sudo or run as root)"
  fi
}

# Runs a command as the postgres OS user (peer authentication over the Unix socket).
as_postgres() {
  if [[ $(id -un) == postgres ]]; then
    "$@"
  elif [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    sudo -u postgres -- "$@"
  fi
}

wait_for() { # wait_for <seconds> <command…>
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 1
  done
}

# --- PostgreSQL ---------------------------------------------------------------
pg_up() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; }

command -v pg_isready >/dev/null 2>&1 || die "PostgreSQL is not installed: sudo apt-get install postgresql"

if pg_up; then
  log "PostgreSQL already answers on $PG_HOST:$PG_PORT"
else
  if command -v pg_lsclusters >/dev/null 2>&1 && [[ -n $(pg_lsclusters -h 2>/dev/null) ]]; then
    # Start every cluster that is down (normally just <version> main). With systemd,
    # pg_ctlcluster hands this over to systemctl by itself.
    while read -r version cluster _port status _rest; do
      if [[ $status != online* ]]; then
        log "starting PostgreSQL cluster $version/$cluster"
        as_root pg_ctlcluster "$version" "$cluster" start
      fi
    done < <(pg_lsclusters -h)
  elif command -v service >/dev/null 2>&1; then
    log "starting PostgreSQL (service postgresql start)"
    as_root service postgresql start
  else
    die "no PostgreSQL cluster found: create one with sudo pg_createcluster --start <version> main"
  fi
  wait_for 30 pg_up || die "PostgreSQL does not answer on $PG_HOST:$PG_PORT (see /var/log/postgresql/)"
  log "PostgreSQL is up on $PG_HOST:$PG_PORT"
fi

# psql as an administrator: over TCP as $DB_USER (works with trust auth or ~/.pgpass),
# else as the postgres OS user over the local socket (Debian's default peer auth).
PSQL_MODE=
admin_psql() {
  case $PSQL_MODE in
    tcp) psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$DB_USER" -d postgres "$@" ;;
    socket) as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres "$@" ;;
    *) die "internal: PSQL_MODE not set" ;;
  esac
}
if PGCONNECT_TIMEOUT=5 psql -X -w -h "$PG_HOST" -p "$PG_PORT" -U "$DB_USER" -d postgres -tAc 'select 1' >/dev/null 2>&1; then
  PSQL_MODE=tcp
  TCP_LOGIN=yes
else
  PSQL_MODE=socket
  TCP_LOGIN=no
fi

if [[ $(admin_psql -tAc "select 1 from pg_database where datname = '$DB_NAME'") == 1 ]]; then
  log "database $DB_NAME exists"
else
  log "creating database $DB_NAME"
  admin_psql -c "create database \"$DB_NAME\""
fi

# --- Redis --------------------------------------------------------------------
redis_up() { [[ $(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }

command -v redis-server >/dev/null 2>&1 || die "Redis is not installed: sudo apt-get install redis-server"

if redis_up; then
  log "Redis already answers on $REDIS_HOST:$REDIS_PORT"
else
  # Redis only moves work (state lives in PostgreSQL): no persistence needed.
  mkdir -p "$STATE_DIR"
  log "starting redis-server on $REDIS_HOST:$REDIS_PORT (log: $STATE_DIR/redis.log)"
  redis-server --daemonize yes --bind "$REDIS_HOST" --port "$REDIS_PORT" \
    --dir "$STATE_DIR" --pidfile "$STATE_DIR/redis.pid" --logfile "$STATE_DIR/redis.log" \
    --save "" --appendonly no
  wait_for 15 redis_up || die "Redis does not answer on $REDIS_HOST:$REDIS_PORT (see $STATE_DIR/redis.log)"
  log "Redis is up (stop it with: redis-cli -p $REDIS_PORT shutdown)"
fi

# --- Result -------------------------------------------------------------------
if [[ $TCP_LOGIN == no ]]; then
  log "note: $DB_USER cannot log in over TCP without a password (or does not exist). Either give it one"
  log "  (sudo -u postgres psql -c \"alter role $DB_USER password '…'\") and put it in DATABASE_URL"
  log "  as postgresql://$DB_USER:PASSWORD@$PG_HOST:$PG_PORT/$DB_NAME, or allow trust for 127.0.0.1 in pg_hba.conf."
fi
printf 'export DATABASE_URL=%s\n' "postgresql://$DB_USER@$PG_HOST:$PG_PORT/$DB_NAME"
printf 'export REDIS_URL=%s\n' "redis://$REDIS_HOST:$REDIS_PORT"

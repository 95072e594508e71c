#!/usr/bin/env bash
# CI: makes sure PostgreSQL (127.0.0.1:5432, trust auth, user postgres) and Redis
# (127.0.0.1:6379) answer, on a fresh Debian 12 machine that may or may not run them already.
#
#   1. Both answer already          → nothing to do.
#   2. Installed but not running    → start them.
#   3. Not installed                → apt-get install postgresql / redis-server, allow trust
#                                     for 127.0.0.1 and ::1 in pg_hba.conf, start them.
# Then waits (CI_SERVICES_TIMEOUT seconds, default 60) until `pg_isready -h 127.0.0.1` and
# `redis-cli ping` answer, and prints one status line. Never stops a running service.
# Run as root (no sudo); as another user it only works when nothing needs doing.
set -euo pipefail

PG_HOST=127.0.0.1
PG_PORT=5432
REDIS_HOST=127.0.0.1
REDIS_PORT=6379
TIMEOUT=${CI_SERVICES_TIMEOUT:-60}
APT_LOG=$(mktemp -t ci-services-apt.XXXXXX)
trap 'rm -f "$APT_LOG"' EXIT

say() { printf 'ci-services: %s\n' "$*"; }
fail() { say "FAILED: $*" >&2; exit 1; }

pg_up() { command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; }
redis_up() { command -v redis-cli >/dev/null 2>&1 && [[ $(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }

need_root() {
  [[ $(id -u) -eq 0 ]] || fail "must run as root to $1"
}

apt_install() {
  need_root "install $*"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -q && apt-get install -y -q --no-install-recommends "$@"; } >"$APT_LOG" 2>&1; then
    tail -n 30 "$APT_LOG" >&2
    fail "apt-get install $* failed"
  fi
}

# Newest PostgreSQL version that has a cluster config (/etc/postgresql/<version>/main).
pg_cluster_version() {
  local dir
  [[ -d /etc/postgresql ]] || return 1
  dir=$(find /etc/postgresql -mindepth 2 -maxdepth 2 -type d -name main -printf '%h\n' 2>/dev/null | sort -V | tail -n 1)
  [[ -n $dir ]] || return 1
  basename "$dir"
}

# Puts trust rules for 127.0.0.1 and ::1 first in pg_hba.conf (first match wins). Idempotent.
pg_allow_trust() {
  local hba=/etc/postgresql/$1/main/pg_hba.conf marker='# uppsikt-ci: trust on loopback'
  [[ -f $hba ]] || fail "no $hba"
  grep -qF "$marker" "$hba" && return 0
  local tmp
  tmp=$(mktemp)
  {
    printf '%s\n' "$marker"
    printf 'host    all    all    127.0.0.1/32    trust\n'
    printf 'host    all    all    ::1/128         trust\n'
    cat "$hba"
  } >"$tmp"
  cat "$tmp" >"$hba" # keep owner and mode of the original
  rm -f "$tmp"
  PG_HBA_CHANGED=1
}

pg_cluster_online() {
  pg_lsclusters -h 2>/dev/null | awk -v v="$1" '$1 == v && $2 == "main" { print $4 }' | grep -q '^online'
}

# --- PostgreSQL ---------------------------------------------------------------
PG_ACTION="already running"
PG_HBA_CHANGED=0
if ! pg_up; then
  if ! version=$(pg_cluster_version); then
    apt_install postgresql postgresql-client
    PG_ACTION="installed and started"
    if ! version=$(pg_cluster_version); then
      # The package normally creates <version>/main; create it if it did not.
      version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort -V | tail -n 1)
      [[ -n $version ]] || fail "PostgreSQL installed but no server binaries under /usr/lib/postgresql"
      pg_createcluster "$version" main >/dev/null
    fi
  else
    PG_ACTION="started"
  fi
  need_root "start PostgreSQL $version/main"
  pg_allow_trust "$version"
  if pg_cluster_online "$version"; then
    # Running (e.g. started by the package's postinst) but not answering on TCP yet,
    # or it needs the new pg_hba.conf: reload, never stop.
    if [[ $PG_HBA_CHANGED -eq 1 ]]; then
      pg_ctlcluster --skip-systemctl-redirect "$version" main reload >/dev/null
    fi
  else
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null
  fi
fi

# --- Redis --------------------------------------------------------------------
REDIS_ACTION="already running"
if ! redis_up; then
  if ! command -v redis-server >/dev/null 2>&1; then
    apt_install redis-server redis-tools
    REDIS_ACTION="installed and started"
  else
    REDIS_ACTION="started"
  fi
  # The package's postinst may have started one already; start ours only if none answers.
  if ! redis_up; then
    redis-server --daemonize yes --bind "$REDIS_HOST" --port "$REDIS_PORT" --save "" --appendonly no \
      --dir /tmp --pidfile /tmp/ci-services-redis.pid --logfile /tmp/ci-services-redis.log
  fi
fi

# --- Wait ---------------------------------------------------------------------
deadline=$((SECONDS + TIMEOUT))
until pg_up && redis_up; do
  if ((SECONDS >= deadline)); then
    pg_up || say "PostgreSQL does not answer on $PG_HOST:$PG_PORT (logs: /var/log/postgresql/)" >&2
    redis_up || say "Redis does not answer on $REDIS_HOST:$REDIS_PORT (log: /tmp/ci-services-redis.log)" >&2
    fail "services not ready after ${TIMEOUT}s"
  fi
  sleep 1
done

say "PostgreSQL $PG_HOST:$PG_PORT $PG_ACTION, Redis $REDIS_HOST:$REDIS_PORT $REDIS_ACTION (ready in ${SECONDS}s)"

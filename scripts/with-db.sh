#!/usr/bin/env bash
# Runs a command with DATABASE_URL set. When the environment gives none, the project's
# private PostgreSQL cluster (data in .pg/, a Unix socket only, no TCP port) is created on
# first use, started, and its database made; the server is installed from Debian's packages
# when it is missing. As root, the cluster runs as the `postgres` system user (initdb
# refuses root).
#
#   scripts/with-db.sh python manage.py migrate
#   scripts/with-db.sh --stop        stops the private cluster, if it runs
set -euo pipefail

project=$(cd "$(dirname "$0")/.." && pwd)
database=coaching_portal
port=5432

if [ "${1:-}" != "--stop" ] && [ -n "${DATABASE_URL:-}" ]; then
    exec "$@"
fi

server_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cluster="$project/.pg"
if [ "$(id -u)" -eq 0 ] && [ -d "$cluster" ] && ! runuser -u postgres -- test -w "$cluster"; then
    cluster="/var/lib/postgresql/coaching-portal-$(printf '%s' "$project" | md5sum | cut -c1-12)"
fi

if [ "${1:-}" = "--stop" ]; then
    bin=$(server_bin)
    if [ -n "$bin" ] && [ -f "$cluster/data/PG_VERSION" ] \
        && as_owner "$bin/pg_ctl" -D "$cluster/data" status >/dev/null 2>&1; then
        as_owner "$bin/pg_ctl" -D "$cluster/data" -m fast -w stop
    fi
    exit 0
fi

"$project/scripts/sysdeps.sh" --postgres
bin=$(server_bin)

mkdir -p "$cluster"
if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$cluster"
    if ! runuser -u postgres -- test -w "$cluster"; then
        # A parent folder is closed to the postgres user (say, a clone under /root): keep
        # the cluster in that user's home instead, one per checkout.
        cluster="/var/lib/postgresql/coaching-portal-$(printf '%s' "$project" | md5sum | cut -c1-12)"
        mkdir -p "$cluster"
        chown postgres:postgres "$cluster"
        echo "Note: $project is closed to the postgres user; the cluster lives in $cluster" >&2
    fi
fi
data="$cluster/data"
# Socket paths are limited to about 100 bytes, so the socket lives in a short folder of its
# own, named after the checkout.
socket="/tmp/coaching-portal-$(printf '%s' "$cluster" | md5sum | cut -c1-12)"

if [ ! -f "$data/PG_VERSION" ]; then
    echo "Creating the private PostgreSQL cluster in $data" >&2
    as_owner "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    as_owner tee -a "$data/postgresql.conf" >/dev/null <<CONF
# Private development cluster of Portal Coaching Clinic SKP: a Unix socket only.
listen_addresses = ''
port = $port
unix_socket_directories = '$socket'
unix_socket_permissions = 0700
# Throw-away data: speed over durability.
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
CONF
fi

if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_owner mkdir -p "$socket"
    as_owner "$bin/pg_ctl" -D "$data" -l "$cluster/server.log" -w -t 60 start >/dev/null
fi

psql() { "$bin/psql" -h "$socket" -p "$port" -U postgres -d postgres -qtAX "$@"; }
if [ "$(psql -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" != "1" ]; then
    psql -c "CREATE DATABASE $database"
fi

DATABASE_URL="postgres://postgres@$(printf '%s' "$socket" | sed 's|/|%2F|g'):$port/$database"
export DATABASE_URL
exec "$@"

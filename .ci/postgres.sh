#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: installed from Debian's packages when missing, run by
# an unprivileged user from a temporary folder, listening on a free port of 127.0.0.1 only.
#
#   eval "$(.ci/postgres.sh start)"            # prints the WOLKVOX_TEST_PG_* variables to export
#   .ci/postgres.sh stop "$WOLKVOX_TEST_PG_DIR" # stops the server and deletes its folder
#
# Messages go to stderr; only the export lines go to stdout.
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

as_owner() {
    # initdb and postgres refuse to run as root
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

bindir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

install_if_missing() {
    if [ -n "$(bindir)" ]; then
        return
    fi
    log "installing PostgreSQL from the Debian packages"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
}

port_is_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
    install_if_missing
    local bin dir password port
    bin="$(bindir)"
    dir="$(mktemp -d /tmp/wolkvox-pg.XXXXXX)"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    password="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --no-locale \
        --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # A free port can be taken between the check and the start: try a few.
    for _ in 1 2 3 4 5; do
        port=$((20000 + RANDOM % 40000))
        port_is_free "$port" || continue
        if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >&2; then
            as_owner "$bin/psql" -q -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
                -c "CREATE ROLE wolkvox LOGIN PASSWORD '$password'" \
                -c "CREATE DATABASE wolkvox OWNER wolkvox" >&2 \
                || { stop "$dir"; log "could not create the wolkvox database"; exit 1; }
            log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $dir)"
            echo "export WOLKVOX_TEST_PG_URL='jdbc:postgresql://127.0.0.1:$port/wolkvox'"
            echo "export WOLKVOX_TEST_PG_USER='wolkvox'"
            echo "export WOLKVOX_TEST_PG_PASSWORD='$password'"
            echo "export WOLKVOX_TEST_PG_DIR='$dir'"
            return
        fi
    done
    cat "$dir/server.log" >&2 || true
    log "could not start PostgreSQL"
    exit 1
}

stop() {
    local dir="${1:?usage: postgres.sh stop <dir printed by start>}"
    if [ -d "$dir/data" ]; then
        as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    fi
    rm -rf "$dir"
}

case "${1:-}" in
    start) start ;;
    stop) stop "${2:-}" ;;
    *) echo "usage: $0 start | stop <dir>" >&2; exit 2 ;;
esac

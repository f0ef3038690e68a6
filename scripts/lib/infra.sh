# Shared by scripts/run, scripts/test and scripts/bench: Debian packages, and a project-local Redis and
# Postgres (no system services). Source it; every function is idempotent. zbar-tools: the QR code tests
# decode their PNGs with zbarimg.

AP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
AP_LOCAL="${AP_LOCAL:-$AP_ROOT/.local}"
AP_DEBIAN_PACKAGES=(redis-server redis-tools postgresql postgresql-contrib libhiredis-dev libpq-dev
  libcurl4-openssl-dev libssl-dev docker-compose curl python3-venv zbar-tools)

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Installs the Debian packages that are missing (as root, or through sudo).
ensure_packages() {
  local missing=()
  for pkg in "${AP_DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The packages may start system services; we use our own servers, so leave theirs alone.
}

pg_bindir() { "$(command -v pg_config)" --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1; }

# Runs a command as the unprivileged owner of the Postgres data folder (Postgres refuses to run as root).
as_pg_user() {
  if [ "$(id -u)" -eq 0 ]; then
    # From /: the caller's folder may be unreadable for that user (paths passed here are absolute).
    (cd / && runuser -u "${AP_PG_USER:-nobody}" -- "$@")
  else
    "$@"
  fi
}

# start_redis DIR PORT [extra redis-server args...]: a loopback-only Redis with AOF, data in DIR.
start_redis() {
  local dir="$1" port="$2"; shift 2
  mkdir -p "$dir"; dir="$(cd "$dir" && pwd)"
  # redis-cli exits 0 on an error reply too: wait for PONG (a restarted server answers -LOADING first).
  if redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then return 0; fi
  redis-server --bind 127.0.0.1 --port "$port" --protected-mode yes --daemonize yes \
    --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
    --save '' --appendonly yes --appendfsync everysec "$@"
  for _ in $(seq 1 100); do
    redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.1
  done
  log "redis did not start on port $port:"; tail -20 "$dir/redis.log" >&2; return 1
}

stop_redis() {
  local dir="$1"
  [ -f "$dir/redis.pid" ] || return 0
  local pid; pid="$(cat "$dir/redis.pid")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$dir/redis.pid"
}

# start_redis_cluster DIR BASE_PORT: a loopback Redis Cluster of three masters on BASE_PORT..BASE_PORT+2, no
# persistence, slots split by `redis-cli --cluster create`; waits for cluster_state:ok. Created afresh unless
# one is already up and healthy on those ports (AP_KEEP_SERVERS=1 left it running).
start_redis_cluster() {
  local dir="$1" base="$2" ports=() addresses=() port
  for port in "$base" $((base + 1)) $((base + 2)); do ports+=("$port"); addresses+=("127.0.0.1:$port"); done
  if redis_cluster_ok "${ports[@]}"; then return 0; fi
  for port in "${ports[@]}"; do
    stop_redis "$dir/$port"
    # An old node table would name nodes that no longer exist.
    rm -rf "$dir/$port"
    start_redis "$dir/$port" "$port" --appendonly no --cluster-enabled yes --cluster-config-file nodes.conf \
      --cluster-node-timeout 5000
  done
  redis-cli --cluster create "${addresses[@]}" --cluster-replicas 0 --cluster-yes >"$dir/create.log" 2>&1 \
    || { log "redis-cli --cluster create failed:"; cat "$dir/create.log" >&2; return 1; }
  for _ in $(seq 1 200); do
    redis_cluster_ok "${ports[@]}" && return 0
    sleep 0.1
  done
  log "the Redis Cluster on ports ${ports[*]} did not reach cluster_state:ok"; return 1
}

# redis_cluster_ok PORT...: every node answers and reports cluster_state:ok.
redis_cluster_ok() {
  local port
  for port in "$@"; do
    redis-cli -p "$port" cluster info 2>/dev/null | grep -q 'cluster_state:ok' || return 1
  done
}

stop_redis_cluster() {
  local node
  for node in "$1"/*/; do [ -d "$node" ] && stop_redis "${node%/}"; done
  return 0
}

# Where the Postgres of DIR really lives. As root, Postgres runs as an unprivileged user who must be able to
# reach DIR; when a parent folder is private (a checkout under /root, say), the data goes to a folder under
# /tmp named after DIR instead, and .local/<...>/pg-location says where.
pg_home() {
  local dir="$1"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if [ "$(id -u)" -eq 0 ]; then
    chown "${AP_PG_USER:-nobody}" "$dir"
    if ! as_pg_user test -w "$dir" 2>/dev/null; then
      local alt="${TMPDIR:-/tmp}/ap-postgres-$(printf %s "$dir" | sha1sum | cut -c1-12)"
      mkdir -p "$alt"
      echo "$alt" >"$dir/../pg-location"
      dir="$alt"
    fi
  fi
  (cd "$dir" && pwd)
}

# start_postgres DIR PORT: a loopback-only Postgres with a trust-authenticated role "ap" and database "ap".
start_postgres() {
  local dir port="$2" bin; bin="$(pg_bindir)"
  dir="$(pg_home "$1")"
  if [ "$(id -u)" -eq 0 ]; then chown -R "${AP_PG_USER:-nobody}" "$dir"; fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_pg_user "$bin/initdb" -D "$dir/data" -U ap --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; return 1; }
  fi
  if ! as_pg_user "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    as_pg_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/data -c fsync=${AP_PG_FSYNC:-on} -c max_connections=${AP_PG_MAX_CONNECTIONS:-200} ${AP_PG_OPTIONS:-}" start >/dev/null \
      || { tail -30 "$dir/postgres.log" >&2; return 1; }
  fi
  "$bin/psql" -h 127.0.0.1 -p "$port" -U ap -d postgres -tAc "select 1 from pg_database where datname='ap'" | grep -q 1 \
    || "$bin/createdb" -h 127.0.0.1 -p "$port" -U ap ap
}

stop_postgres() {
  local dir bin; bin="$(pg_bindir)"
  [ -d "$1" ] || return 0
  dir="$(pg_home "$1")"
  [ -f "$dir/data/postmaster.pid" ] || return 0
  as_pg_user "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}

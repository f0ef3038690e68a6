# Shared by scripts/schemathesis and scripts/browser-check: the Python tools in a project-local virtualenv, and
# a system under test (a gateway, a WhatsApp worker with the sandbox engine, a Voice Partner stub) on its own
# Postgres schema and Redis prefix. Source it after lib/infra.sh.

AP_CHECK_VENV="$AP_LOCAL/venv-checks"
CHECK_DATA="$AP_LOCAL/checks"

# Creates the virtualenv with schemathesis and Selenium from PyPI, once.
ensure_check_venv() {
  if [ -x "$AP_CHECK_VENV/bin/schemathesis" ] && "$AP_CHECK_VENV/bin/python" -c 'import selenium' 2>/dev/null; then
    return 0
  fi
  log "installing schemathesis and Selenium into $AP_CHECK_VENV"
  python3 -m venv "$AP_CHECK_VENV"
  "$AP_CHECK_VENV/bin/pip" install -q 'schemathesis==4.32.5' 'selenium==4.51.0'
}

check_pids=()
stop_system_under_test() {
  for pid in "${check_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${check_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  check_pids=()
  if [ -n "${check_schema:-}" ]; then
    "$(pg_bindir)/psql" "$TEST_DATABASE_URL" -qc "drop schema if exists $check_schema cascade" || true
  fi
  if [ "${check_own_servers:-0}" = "1" ]; then
    stop_redis "$CHECK_DATA/redis" >/dev/null 2>&1 || true
    stop_postgres "$CHECK_DATA/pg" >/dev/null 2>&1 || true
  fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_system_under_test NAME: sets CHECK_URL, CHECK_ADMIN, CHECK_WORKER_TOKEN. Uses the test servers
# (TEST_REDIS_URL, TEST_DATABASE_URL, as scripts/test exports them) or starts its own, and builds, when unset.
# Also sets CHECK_PREFIX (the Redis prefix), check_schema and CHECK_BIN (the built products).
# CHECK_WEBHOOK_ALLOWED_HOSTS: the gateway's AP_WEBHOOK_ALLOWED_HOSTS (empty: the private-address guard on).
start_system_under_test() {
  local name="$1" suffix port voice_port sealing bin
  mkdir -p "$CHECK_DATA"
  if [ -z "${TEST_DATABASE_URL:-}" ]; then
    check_own_servers=1
    ensure_packages
    start_redis "$CHECK_DATA/redis" 26390 --appendonly no
    AP_PG_FSYNC=off start_postgres "$CHECK_DATA/pg" 25442
    export TEST_REDIS_URL="redis://127.0.0.1:26390/0" TEST_DATABASE_URL="postgres://ap@127.0.0.1:25442/ap"
    for product in gateway whatsapp-gateway test-probe; do
      swift build --product "$product" 2>&1 | { grep -vE "prohibited flag|which are unhandled|CMakeLists.txt$" || true; }
    done
  fi
  export PGOPTIONS="--client-min-messages=warning"
  suffix="$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  check_schema="ck_$suffix"
  "$(pg_bindir)/psql" "$TEST_DATABASE_URL" -qc "create schema $check_schema"
  port="$(free_port)"
  voice_port="$(free_port)"
  CHECK_ADMIN="check-admin-$suffix"
  CHECK_WORKER_TOKEN="check-worker-$suffix"
  sealing="ck:$(head -c 32 /dev/urandom | base64)"
  bin="$(swift build --show-bin-path)"
  CHECK_BIN="$bin"
  CHECK_PREFIX="ck-$suffix:"
  # Voice Partner's audio list (PROVIDERS.md §2), so the audio route answers from a provider, not with a 502.
  python3 - "$voice_port" >"$CHECK_DATA/$name-voicepartner.log" 2>&1 <<'PY' &
import http.server, json, sys
class Stub(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        ok = self.path.startswith("/v1/audios/")
        body = json.dumps({"datas": [{"name": "relance.mp3", "token": "tok-1", "duration": "0:42"}]} if ok
                          else {"success": False, "code": 10, "message": "Clé API invalide"}).encode()
        self.send_response(200 if ok else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Stub).serve_forever()
PY
  check_pids+=("$!")
  local stores=(AP_REDIS_URL="$TEST_REDIS_URL" AP_DATABASE_URL="$TEST_DATABASE_URL?search_path=$check_schema"
    AP_REDIS_PREFIX="ck-$suffix:" AP_SEALING_KEYS="$sealing" AP_SEALING_KEY_ID=ck AP_LOG_LEVEL=warning)
  log "starting a gateway on 127.0.0.1:$port (schema $check_schema) and a WhatsApp worker"
  env "${stores[@]}" AP_HTTP_HOST=127.0.0.1 AP_HTTP_PORT="$port" AP_ADMIN_SECRET="$CHECK_ADMIN" \
    AP_WORKER_TOKEN="$CHECK_WORKER_TOKEN" AP_SMS_SANDBOX=true AP_PUBLIC_URL="http://127.0.0.1:$port" \
    AP_VOICEPARTNER_BASE_URL="http://127.0.0.1:$voice_port/v1" AP_WORKER_HEARTBEAT_SECONDS=2 \
    AP_WEBHOOK_ALLOWED_HOSTS="${CHECK_WEBHOOK_ALLOWED_HOSTS:-}" \
    "$bin/gateway" >"$CHECK_DATA/$name-gateway.log" 2>&1 &
  check_pids+=("$!")
  CHECK_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 150); do curl -fsS "$CHECK_URL/ready" >/dev/null 2>&1 && break; sleep 0.2; done
  # A worker with room, so sessions are placed (sandbox engine) rather than refused for capacity.
  env "${stores[@]}" AP_HEALTH_PORT=0 AP_GATEWAY_URL="$CHECK_URL" AP_WORKER_TOKEN="$CHECK_WORKER_TOKEN" \
    AP_WORKER_ID="ck-wa-$suffix" AP_MAX_SESSIONS=10000 AP_WORKER_HEARTBEAT_SECONDS=2 \
    "$bin/whatsapp-gateway" >"$CHECK_DATA/$name-whatsapp-gateway.log" 2>&1 &
  check_pids+=("$!")
  for _ in $(seq 1 150); do
    curl -fsS "$CHECK_URL/api/admin/workers" -H "Authorization: Bearer $CHECK_ADMIN" | grep -q online && return 0
    sleep 0.2
  done
  log "the WhatsApp worker did not come online:"; tail -5 "$CHECK_DATA/$name-whatsapp-gateway.log" >&2; return 1
}

# check_api METHOD PATH JSON: an admin API call's body.
check_api() {
  curl -fsS -X "$1" "$CHECK_URL$2" -H "Authorization: Bearer $CHECK_ADMIN" -H 'Content-Type: application/json' -d "$3"
}

# new_check_account NAME: prints "<account id> <API key>" of a new account with credits on every channel.
new_check_account() {
  local account key channel
  account="$(check_api POST /api/admin/accounts "{\"name\":\"$1\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
  key="$(check_api POST "/api/admin/accounts/$account/api-keys" '{"name":"checks"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')"
  for channel in sms whatsapp voice; do
    check_api POST "/api/admin/accounts/$account/credits" "{\"channel\":\"$channel\",\"amount\":100000}" >/dev/null
  done
  echo "$account $key"
}

#!/usr/bin/env bash
# Makes sure the two loopback registries the push tests use answer:
#   127.0.0.1:5000  open (no auth)
#   127.0.0.1:5001  htpasswd-protected (user and password below, fixed for tests)
# Installs Debian's docker-registry and apache2-utils when missing, writes its own configs under $dir, and starts
# each registry in the background (no systemd here) only when it does not answer already. Idempotent.
# Usage: eng/ensure-registry.sh     (prints nothing on success when both already answer)
# Other scripts can `source` the exports: CALIBAN_TEST_REGISTRY, CALIBAN_TEST_AUTH_REGISTRY,
# CALIBAN_TEST_REGISTRY_USER, CALIBAN_TEST_REGISTRY_PASSWORD (eng/test.sh sets them itself).
set -euo pipefail
log() { printf '[ensure-registry] %s\n' "$*" >&2; }

dir="${CALIBAN_REGISTRY_DIR:-/var/tmp/caliban-registry}"
open_addr=127.0.0.1:5000
auth_addr=127.0.0.1:5001
user="${CALIBAN_TEST_REGISTRY_USER:-caliban-test}"
password="${CALIBAN_TEST_REGISTRY_PASSWORD:-caliban-test-password}"

# Any HTTP answer to GET /v2/ counts (the protected one answers 401).
answers() { curl -s -o /dev/null -m 3 -w '%{http_code}' "http://$1/v2/" 2>/dev/null | grep -qE '^(200|401)$'; }

if answers "$open_addr" && answers "$auth_addr"; then
  exit 0
fi

missing=()
command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} (needs root and apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  # The package's own service would want systemd and htpasswd files of its own; we run it ourselves below.
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p "$dir"
# bcrypt is the only hash the registry's htpasswd auth accepts.
htpasswd -Bbn "$user" "$password" > "$dir/htpasswd"

write_config() { # name addr [auth]
  local name=$1 addr=$2 auth=${3:-}
  mkdir -p "$dir/$name/data"
  {
    echo "version: 0.1"
    echo "log:"
    echo "  level: info"
    echo "storage:"
    echo "  filesystem:"
    echo "    rootdirectory: $dir/$name/data"
    echo "  delete:"
    echo "    enabled: true"
    echo "http:"
    echo "  addr: $addr"
    echo "  secret: caliban-test-$name"
    if [ -n "$auth" ]; then
      echo "auth:"
      echo "  htpasswd:"
      echo "    realm: caliban-test-registry"
      echo "    path: $dir/htpasswd"
    fi
  } > "$dir/$name/config.yml"
}

# A pid file outlives the session and pids are reused: only a live (not zombie) docker-registry under that pid counts.
registry_runs() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = docker-registry ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null
}

start() { # name addr [auth]
  local name=$1 addr=$2
  if answers "$addr"; then return 0; fi
  write_config "$@"
  local pidfile="$dir/$name/registry.pid"
  if registry_runs "$pidfile"; then
    log "registry $name (pid $(cat "$pidfile")) runs but does not answer on $addr yet"
    return 0
  fi
  log "starting registry $name on $addr (log: $dir/$name/registry.log)"
  setsid docker-registry serve "$dir/$name/config.yml" >"$dir/$name/registry.log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
}

start open "$open_addr"
start auth "$auth_addr" htpasswd

for _ in $(seq 1 30); do
  if answers "$open_addr" && answers "$auth_addr"; then log "registries on $open_addr and $auth_addr are ready"; exit 0; fi
  sleep 1
done
log "the registries did not answer within 30 s; see $dir/open/registry.log and $dir/auth/registry.log"
exit 1

#!/usr/bin/env bash
# Makes sure a Docker engine answers. On a fresh machine of our kind (Debian, root, no systemd) it installs
# Debian's docker.io and starts dockerd in the background. Idempotent: does nothing when an engine answers.
set -euo pipefail
log() { printf '[ensure-docker] %s\n' "$*" >&2; }

engine_answers() { timeout 10 docker info >/dev/null 2>&1; }

if command -v docker >/dev/null 2>&1 && engine_answers; then
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  log "no Docker engine found: installing Debian's docker.io (needs root and apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq docker.io >/dev/null
fi

# A dockerd that was killed (as every process is when a session ends) leaves pid files that stop the next start.
for pidfile in /var/run/docker.pid /var/run/docker/containerd/containerd.pid; do
  if [ -f "$pidfile" ] && ! kill -0 "$(cat "$pidfile" 2>/dev/null)" 2>/dev/null; then rm -f "$pidfile"; fi
done

log "starting dockerd in the background (log: /var/log/caliban-dockerd.log)"
setsid dockerd >/var/log/caliban-dockerd.log 2>&1 < /dev/null &

for _ in $(seq 1 60); do
  if engine_answers; then log "Docker engine is ready"; exit 0; fi
  sleep 1
done
log "dockerd did not answer within 60 s; see /var/log/caliban-dockerd.log"
exit 1

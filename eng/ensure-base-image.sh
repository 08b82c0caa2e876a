#!/usr/bin/env bash
# Makes the local Python base image used by tests and samples when it is absent. No public registry can be
# reached from our machines, so the image is bootstrapped from Debian packages (debootstrap) and imported.
# Usage: eng/ensure-base-image.sh [IMAGE]   (default caliban-local/python:bookworm)
set -euo pipefail
image="${1:-${CALIBAN_TEST_BASE_IMAGE:-caliban-local/python:bookworm}}"
log() { printf '[ensure-base-image] %s\n' "$*" >&2; }

if docker image inspect "$image" >/dev/null 2>&1; then
  exit 0
fi

if ! command -v debootstrap >/dev/null 2>&1; then
  log "installing debootstrap"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq debootstrap >/dev/null
fi

# The mirror the machine's own apt sources use (the only one reachable here).
mirror=$(grep -hoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null \
         | grep -oE 'https?://[^ ]+' | head -n1 || true)
mirror="${mirror:-http://deb.debian.org/debian}"

rootfs=$(mktemp -d /tmp/caliban-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT
log "bootstrapping $image from $mirror (about 80 s, once per machine)"
debootstrap --variant=minbase --include=python3,python3-pip,python3-venv bookworm "$rootfs" "$mirror" >/tmp/caliban-debootstrap.log 2>&1 \
  || { log "debootstrap failed; see /tmp/caliban-debootstrap.log"; exit 1; }
# Make `python` resolve like in the usual python images, and keep apt usable inside builds.
ln -sf /usr/bin/python3 "$rootfs/usr/bin/python"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
tar -C "$rootfs" -c . | docker import \
  -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c 'ENV LANG=C.UTF-8' \
  -c 'CMD ["python3"]' - "$image" >/dev/null
log "made $image"

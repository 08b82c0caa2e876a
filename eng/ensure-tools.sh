#!/usr/bin/env bash
# Host tools the tests and benches call besides dotnet and docker: git (git-info tests), kill (Ctrl+C tests), chattr
# (read-only history tests), script (pseudo-terminal tests), bc (bench arithmetic). Our machines have them; a leaner
# Debian gets the missing ones from apt.
set -euo pipefail
missing=()
command -v git >/dev/null 2>&1 || missing+=(git)
[ -x /usr/bin/kill ] || [ -x /bin/kill ] || missing+=(procps)
command -v chattr >/dev/null 2>&1 || missing+=(e2fsprogs)
command -v script >/dev/null 2>&1 || missing+=(bsdutils)
command -v bc >/dev/null 2>&1 || missing+=(bc)
if [ ${#missing[@]} -gt 0 ]; then
  echo "[ensure-tools] installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

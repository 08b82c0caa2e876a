#!/usr/bin/env bash
# `caliban status` with 10,000 jobs in a fresh job history: wall time of the command, as a user sees it.  goal < 1 s
#   default (most recent 8 jobs), a group's latest job per experiment, and a group with --max_jobs 0 (all of its jobs).
source "$(dirname "$0")/common.sh"

dotnet tool install Caliban.Cli --tool-path "$work/tool" --add-source "$root/artifacts/feed" --ignore-failed-sources --version "$version" >/dev/null
caliban="$work/tool/caliban"
dotnet run -c Release --project "$root/bench/HistorySeeder" -- "$CALIBAN_DB" "${JOBS:-10000}" | sed 's/^/   /'

runs=${RUNS:-5}
measure() {
  local label="$1"; shift
  : > "$work/times"
  "$caliban" "$@" >/dev/null  # warm the file cache once
  for _ in $(seq "$runs"); do seconds "$caliban" "$@" >> "$work/times"; done
  printf '   %-46s %6.3f s (median of %s)\n' "$label" "$(median < "$work/times")" "$runs"
}
echo "== caliban status with ${JOBS:-10000} jobs in the history (goal < 1 s)"
measure "caliban status" status
measure "caliban status --xgroup bench-050" status --xgroup bench-050
measure "caliban status --xgroup bench-050 --max_jobs 0" status --xgroup bench-050 --max_jobs 0
measure "caliban status --max_jobs 0 (all 10,000 jobs)" status --max_jobs 0

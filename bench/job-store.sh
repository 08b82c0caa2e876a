#!/usr/bin/env bash
# Job-history concurrency benchmark: $WRITERS StoreWriter processes start at once on one fresh database file and each
# records $JOBS jobs, one transaction per job (as separate MSBuild nodes would). Prints the elapsed time, the rows
# found against the rows expected, and any writer that failed or reported a lock. Exits non-zero unless every row is there.
source "$(dirname "$0")/lib.sh"
WRITERS="${WRITERS:-8}"
JOBS="${JOBS:-500}"

writer_dll=$(build_tool StoreWriter)

db="$work/caliban.db"
expected=$((WRITERS * JOBS))
echo "== $WRITERS writers x $JOBS jobs into $db"
start=$(now)
pids=()
for i in $(seq 1 "$WRITERS"); do
  dotnet "$writer_dll" "$db" "$i" "$JOBS" >"$work/writer-$i.log" 2>&1 &
  pids+=("$!")
done
failed=0
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || { failed=$((failed + 1)); echo "writer $((i + 1)) failed: $(cat "$work/writer-$((i + 1)).log")"; }
done
elapsed=$(elapsed "$start")

found=$(dotnet "$writer_dll" count "$db")
locked=$(cat "$work"/writer-*.log | grep -ci "locked" || true)
cat "$work"/writer-*.log | grep -v -i "locked" | sed 's/^/   /' || true
printf 'elapsed: %.2f s (%d writers x %d jobs, process start included)\n' "$elapsed" "$WRITERS" "$JOBS"
echo "rows found: $found / $expected"
echo "failed writers: $failed; \"locked\" failures: $locked"
[ "$found" -eq "$expected" ] && [ "$failed" -eq 0 ] && [ "$locked" -eq 0 ]

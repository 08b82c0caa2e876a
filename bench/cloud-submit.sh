#!/usr/bin/env bash
# Vertex AI submission benchmarks for the CalibanCloud issue, against the loopback emulator (no Google, no Docker).
#   a. faults:   $JOBS jobs with 30% of requests failing (429, 503, dropped connections, some after the job was stored):
#                jobs in the emulator afterwards — goal exactly $JOBS, none twice, all recorded
#   b. parallel: $JOBS jobs, 50 ms latency per request: CalibanSubmitParallel=16 vs one at a time — goal >= 10x faster
# Both drive Caliban.Core's VertexSubmitter (what SubmitCalibanCloudJobs runs) with its production retry policy.
source "$(dirname "$0")/lib.sh"
JOBS="${JOBS:-1000}"
PARALLEL="${PARALLEL:-16}"

tool=$(build_tool CloudSubmitBench)
bench() { dotnet "$tool" "$@"; }
value() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }

echo "== a. $JOBS jobs, 30% of requests failing"
status=0
bench faults "$JOBS" 0.3 "$work/faults.db" > "$work/faults.txt" || status=$?
printf '   jobs in the emulator     %6s (goal %s)\n' "$(value jobs_in_emulator "$work/faults.txt")" "$JOBS"
printf '   distinct CalibanJobs     %6s (none twice)\n' "$(value distinct_jobs "$work/faults.txt")"
printf '   recorded in the history  %6s (%s with the name the emulator gave)\n' "$(value recorded "$work/faults.txt")" "$(value recorded_with_name_in_emulator "$work/faults.txt")"
printf '   create requests sent     %6s (all requests: %s)\n' "$(value create_requests "$work/faults.txt")" "$(value requests "$work/faults.txt")"
printf '   time                     %6s s\n' "$(value seconds "$work/faults.txt")"

echo "== b. $JOBS jobs, 50 ms per request"
bench latency "$JOBS" 50 "$PARALLEL" "$work/parallel.db" > "$work/parallel.txt" || status=$?
bench latency "$JOBS" 50 1 "$work/serial.db" > "$work/serial.txt" || status=$?
parallel=$(value seconds "$work/parallel.txt"); serial=$(value seconds "$work/serial.txt")
printf '   one at a time            %6.2f s\n   %3s at a time            %6.2f s\n   ratio                    %6s x faster (goal >= 10)\n' \
  "$serial" "$PARALLEL" "$parallel" "$(echo "scale=1; $serial / $parallel" | bc -l)"
exit $status

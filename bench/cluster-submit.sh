#!/usr/bin/env bash
# CalibanCluster submission benchmark, against the Kubernetes API emulator (in-process, loopback), side by side:
#  (a) JOBS jobs with FAULTS of requests failing (429 with Retry-After, 503, dropped connections, half of the creates'
#      faults striking after the Job was stored): exactly JOBS Jobs afterwards, none twice, all recorded;
#  (b) JOBS jobs with LATENCY_MS per request: PARALLEL creates at a time versus one at a time (goal: >= 10x), and the
#      same sweep as one Indexed Job.
# Each figure is the submission's wall time (history rows, creates, retries), measured by bench/ClusterSubmit.
source "$(dirname "$0")/lib.sh"
JOBS="${JOBS:-1000}"
FAULTS="${FAULTS:-0.3}"
LATENCY_MS="${LATENCY_MS:-50}"
PARALLEL="${PARALLEL:-32}"

tool=$(build_tool ClusterSubmit)
bench=(dotnet "$tool")
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$2"; }

status=0
echo "== (a) $JOBS jobs, $FAULTS of requests failing, $PARALLEL at a time"
faults=$("${bench[@]}" faults "$JOBS" "$FAULTS" "$PARALLEL") || status=1
echo "   $faults"
echo "   Jobs on the server: $(field onserver "$faults") (distinct names $(field distinct "$faults"), stored $(field stored "$faults")); recorded: $(field recorded "$faults"); faults injected: $(field faults "$faults"); retries: $(field retries "$faults"); found already created after a fault: $(field already "$faults")"
[ "$status" -eq 0 ] && echo "   OK: exactly $JOBS Jobs, none twice, all recorded" || echo "   FAILED: see the line above"

echo "== (b) $JOBS jobs, ${LATENCY_MS} ms per request"
bounded=$("${bench[@]}" latency "$JOBS" "$LATENCY_MS" "$PARALLEL") || status=1
echo "   $PARALLEL at a time: $bounded"
serial=$("${bench[@]}" latency "$JOBS" "$LATENCY_MS" 1) || status=1
echo "   one at a time:  $serial"
indexed=$("${bench[@]}" indexed "$JOBS" "$LATENCY_MS") || status=1
echo "   one Indexed Job: $indexed"

b=$(field seconds "$bounded"); s=$(field seconds "$serial"); i=$(field seconds "$indexed")
printf '\n%-34s %10s\n' "submission of $JOBS jobs" "seconds"
printf '%-34s %10s\n' "one at a time" "$s"
printf '%-34s %10s\n' "$PARALLEL at a time (CalibanSubmitParallel)" "$b"
printf '%-34s %10s\n' "one Indexed Job" "$i"
ratio=$(echo "scale=1; $s / $b" | bc -l)
echo "bounded concurrency is ${ratio}x faster than one at a time (goal >= 10x)"
if [ "$(echo "$ratio >= 10" | bc -l)" -ne 1 ]; then status=1; fi
exit "$status"

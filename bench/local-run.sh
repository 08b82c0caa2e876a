#!/usr/bin/env bash
# Local-run benchmarks for the experiments/local-run issue — ratios measured side by side in one run.
#   1. parallel:   8 one-second jobs with CalibanMaxParallel=2 ÷ the same sweep sequentially          goal ≤ 0.6
#   2. overhead:   20 short jobs sequentially, (CalibanRun − a no-op build) ÷ 20 × raw `docker run --rm IMAGE ARGS`   goal ≤ 1.3
#   3. expansion:  a config of 100,000 jobs: time and peak memory                                      goal < 1 s
#   (8 processes × 500 jobs into one store: bench/job-store.sh)
source "$(dirname "$0")/common.sh"

make_repo "$work/repo" caliban-bench-run
echo '{ "job": [1, 2, 3, 4, 5, 6, 7, 8], "sleep": 1 }' > "$work/repo/eight.json"
echo '{ "job": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20] }' > "$work/repo/twenty.json"
cd "$work/repo"
dotnet build >/dev/null
image=$(dotnet msbuild -t:CalibanBuild -getProperty:CalibanImageTag)

run() { dotnet build -t:CalibanRun --no-restore "$@" >/dev/null; }

echo "== 1. 8 one-second jobs (median of ${RUNS:-3} alternating runs each)"
: > "$work/seq"; : > "$work/par"
for _ in $(seq "${RUNS:-3}"); do
  t=$(now); run -p:CalibanExperimentConfig=eight.json -p:CalibanMaxParallel=1; elapsed "$t" >> "$work/seq"
  t=$(now); run -p:CalibanExperimentConfig=eight.json -p:CalibanMaxParallel=2; elapsed "$t" >> "$work/par"
done
sequential=$(median < "$work/seq"); parallel=$(median < "$work/par")
printf '   sequential            %6.2f s\n   CalibanMaxParallel=2  %6.2f s\n   ratio                 %6s (goal <= 0.6)\n' "$sequential" "$parallel" "$(ratio "$parallel" "$sequential")"

echo "== 2. per-job overhead, 20 short jobs in sequence"
t=$(now); dotnet build -t:CalibanBuild --no-restore >/dev/null; noop=$(elapsed "$t")
t=$(now); run -p:CalibanExperimentConfig=twenty.json; caliban=$(elapsed "$t")
t=$(now); for i in $(seq 1 20); do docker run --rm "$image" --job "$i" >/dev/null; done; raw=$(elapsed "$t")
net=$(echo "$caliban - $noop" | bc -l)
printf '   CalibanRun            %6.2f s (minus the no-op build %.2f s: %.2f s)\n   docker run --rm x20   %6.2f s\n   ratio                 %6s (goal <= 1.3)\n' \
  "$caliban" "$noop" "$net" "$raw" "$(ratio "$net" "$raw")"

echo "== 3. expansion of a 100,000-job config"
python3 -c 'import json; print(json.dumps({"a": list(range(100)), "b": list(range(100)), "c": list(range(10)), "lr": 0.001, "flag": True}))' > "$work/big.json"
dotnet run -c Release --project "$root/bench/ExpansionTimer" -- "$work/big.json" 5 | sed 's/^/   /'

#!/usr/bin/env bash
# The caliban tool's own overhead: `caliban run` ÷ `dotnet build -t:CalibanRun` on the same project and sweep, medians
# of alternating runs (both record the jobs in the history and run them in containers).  goal ≤ 1.2
source "$(dirname "$0")/common.sh"

dotnet tool install Caliban.Cli --tool-path "$work/tool" --add-source "$root/artifacts/feed" --ignore-failed-sources --version "$version" >/dev/null
caliban="$work/tool/caliban"
make_repo "$work/repo" caliban-bench-cli
echo '{ "job": [1, 2, 3, 4] }' > "$work/repo/sweep.json"
cd "$work/repo"
dotnet build -nodeReuse:false >/dev/null   # the image, once

runs=${RUNS:-5}
: > "$work/cli"; : > "$work/msbuild"
for _ in $(seq "$runs"); do
  seconds "$caliban" run --experiment_config sweep.json --xgroup bench-cli >> "$work/cli"
  seconds dotnet build -t:CalibanRun -nodeReuse:false -p:CalibanExperimentConfig=sweep.json -p:CalibanExperimentGroup=bench-msbuild >> "$work/msbuild"
done
cli=$(median < "$work/cli"); msbuild=$(median < "$work/msbuild")
echo "== caliban run vs dotnet build -t:CalibanRun, a sweep of 4 jobs (median of $runs alternating runs)"
printf '   caliban run                    %6.2f s\n   dotnet build -t:CalibanRun     %6.2f s\n   ratio                          %6s (goal <= 1.2)\n' "$cli" "$msbuild" "$(ratio "$cli" "$msbuild")"
for what in "caliban --help" "caliban status"; do
  printf '   %-30s %6.2f s\n' "$what" "$(seconds $caliban ${what#caliban })"
done

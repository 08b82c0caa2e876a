#!/usr/bin/env bash
# Image-build benchmarks for issue "Caliban.Sdk" — ratios measured side by side in one run (absolute times on our
# noisy machines mean little). Each figure is the median of $RUNS alternating runs.
#   1. no-op:      `dotnet build -t:CalibanBuild --no-restore` with nothing changed
#                  ÷ `dotnet build --no-restore` of an empty Microsoft.Build.NoTargets project (MSBuild's floor)   goal ≤ 1.2
#   2. large repo: no-op CalibanBuild with 500 MB of data in the context ÷ warm-cache DOCKER_BUILDKIT=0 docker build
#                  of the same Dockerfile and context                                                           goal ≤ 0.7
#   3. code edit:  (CalibanBuild after a one-line code edit − no-op) ÷ DOCKER_BUILDKIT=0 docker build after the same edit
#                                                                                                                goal ≤ 1.3
#   4. context:    the tar Caliban streams (files and bytes) beside `du` of the folder.
DATA_MB="${DATA_MB:-500}"
RUNS="${RUNS:-5}"
source "$(dirname "$0")/common.sh"

echo "== setting up in $work"
make_repo "$work/small" caliban-bench-small '<ItemGroup><CalibanAptPackage Include="file" /></ItemGroup>'
make_repo "$work/large" caliban-bench-large '<ItemGroup><CalibanAptPackage Include="file" /></ItemGroup>'
mkdir -p "$work/large/trainer/data" "$work/large/trainer/scratch" "$work/large/.git" "$work/large/bin"
for i in $(seq 1 $((DATA_MB / 10))); do head -c $((10 * 1024 * 1024)) /dev/urandom > "$work/large/trainer/data/shard-$i.bin"; done
# What the context must leave out: .dockerignore'd scratch, .git/ and bin/ (50 MB each).
for d in trainer/scratch .git bin; do head -c $((50 * 1024 * 1024)) /dev/urandom > "$work/large/$d/blob"; done
printf 'trainer/scratch/\n' >> "$work/large/.dockerignore"
mkdir -p "$work/floor"
cp "$work/small/nuget.config" "$work/small/global.json" "$work/floor/"
echo '<Project Sdk="Microsoft.Build.NoTargets"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>' > "$work/floor/floor.proj"

(cd "$work/floor" && dotnet build >/dev/null)
for repo in small large; do (cd "$work/$repo" && dotnet build -t:CalibanBuild >/dev/null); done
cp "$work/small/obj/caliban/Dockerfile" "$work/small.Dockerfile"
cp "$work/large/obj/caliban/Dockerfile" "$work/large.Dockerfile"
docker_build() { DOCKER_BUILDKIT=0 docker build -q -f "$work/$1.Dockerfile" -t "caliban-bench-docker-$1" "$work/$1"; }
docker_build small >/dev/null; docker_build large >/dev/null   # warm the engine's cache

echo "== 1. no-op rebuild ($RUNS runs each, alternating)"
: > "$work/noop.cal"; : > "$work/noop.floor"
for _ in $(seq "$RUNS"); do
  (cd "$work/small" && seconds dotnet build -t:CalibanBuild --no-restore) >> "$work/noop.cal"
  (cd "$work/floor" && seconds dotnet build --no-restore) >> "$work/noop.floor"
done
noop_cal=$(median < "$work/noop.cal"); noop_floor=$(median < "$work/noop.floor")
printf '   CalibanBuild no-op   %6.3f s\n   NoTargets floor      %6.3f s\n   ratio                %6s (goal <= 1.2)\n' "$noop_cal" "$noop_floor" "$(ratio "$noop_cal" "$noop_floor")"

echo "== 2. large repo: ${DATA_MB} MB of data in the context"
: > "$work/large.cal"; : > "$work/large.docker"
for _ in $(seq "$RUNS"); do
  (cd "$work/large" && seconds dotnet build -t:CalibanBuild --no-restore) >> "$work/large.cal"
  seconds docker_build large >> "$work/large.docker"
done
large_cal=$(median < "$work/large.cal"); large_docker=$(median < "$work/large.docker")
printf '   CalibanBuild no-op   %6.3f s\n   docker build (warm)  %6.3f s\n   ratio                %6s (goal <= 0.7)\n' "$large_cal" "$large_docker" "$(ratio "$large_cal" "$large_docker")"

echo "== 3. one-line code edit"
: > "$work/edit.cal"; : > "$work/edit.docker"; : > "$work/edit.cached"
for i in $(seq "$RUNS"); do
  # Each side gets an edit of its own, so neither finds the other's code layer in the engine's cache.
  # (a fresh token each run: the engine's cache outlives this script)
  printf 'import sys\nprint("train v%s caliban %s", sys.argv[1:])\n' "$i" "$(date +%s%N)" > "$work/small/trainer/train.py"
  (cd "$work/small" && seconds dotnet build -t:CalibanBuild --no-restore) >> "$work/edit.cal"
  printf 'import sys\nprint("train v%s docker %s", sys.argv[1:])\n' "$i" "$(date +%s%N)" > "$work/small/trainer/train.py"
  seconds docker_build small >> "$work/edit.docker"
done
(cd "$work/small" && printf 'import sys\nprint("train final", sys.argv[1:])\n' > trainer/train.py && dotnet build -t:CalibanBuild --no-restore) \
  | grep -oE 'Built image .*' | head -n1 > "$work/edit.summary"
edit_cal=$(median < "$work/edit.cal"); edit_docker=$(median < "$work/edit.docker")
edit_net=$(echo "$edit_cal - $noop_cal" | bc -l)
printf '   CalibanBuild edit    %6.3f s (minus no-op: %.3f s)\n   docker build edit    %6.3f s\n   ratio                %6s (goal <= 1.3)\n   %s\n' \
  "$edit_cal" "$edit_net" "$edit_docker" "$(ratio "$edit_net" "$edit_docker")" "$(cat "$work/edit.summary")"

echo "== 4. build context"
touch "$work/large/trainer/train.py"; echo "# touched" >> "$work/large/trainer/train.py"
context=$(cd "$work/large" && dotnet build -t:CalibanBuild --no-restore | grep -oE 'from [0-9]+ context files \([^)]*\)' | head -n1)
printf '   large repo: Caliban streams %s; du of the folder: %s (.git/, bin/ and the .dockerignore'"'"'d trainer/scratch/: 50 MB each)\n' \
  "$context" "$(du -sh "$work/large" | cut -f1)"

# Shared by every bench script (source it): the repository root, quiet dotnet, a work folder removed on exit, timing
# helpers, and build_tool for the small bench programs. Sets: root, work. bench/common.sh adds the engine and the feed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDTERMINALLOGGER=off
bash "$root/eng/ensure-tools.sh"

work=$(mktemp -d /tmp/caliban-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc -l; }
# seconds COMMAND... : wall time of one run (the command's output shown only when it fails)
seconds() { local t0; t0=$(now); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; "$@" >&2; exit 1; }; elapsed "$t0"; }
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ratio() { echo "scale=2; $1 / $2" | bc -l; }

# build_tool NAME: builds bench/NAME (Release) into the work folder and prints the path of its dll.
build_tool() {
  echo "== building $1" >&2
  dotnet build "$root/bench/$1/$1.csproj" -c Release -nodeReuse:false --artifacts-path "$work/artifacts" >"$work/build-$1.log" 2>&1 \
    || { cat "$work/build-$1.log" >&2; exit 1; }
  echo "$work/artifacts/bin/$1/release/$1.dll"
}

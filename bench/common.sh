# Shared by the bench scripts (source it): sets up the engine, the local base image and the packed SDK feed, and
# gives timing helpers and a research repo on the packed SDK. Sets: root, base, version, work (removed on exit).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
base="${CALIBAN_TEST_BASE_IMAGE:-caliban-local/python:bookworm}"
bash "$root/eng/ensure-docker.sh"
bash "$root/eng/ensure-base-image.sh" "$base"
version=$(sed -n 's:.*<CalibanVersion>\(.*\)</CalibanVersion>.*:\1:p' "$root/Directory.Build.props")
# Always pack: a feed left from older code would measure that code (NuGet never re-extracts a version it has, hence
# the fresh NUGET_PACKAGES below).
bash "$root/eng/pack.sh" >/dev/null

export NUGET_PACKAGES="$work/nuget" CALIBAN_DB="$work/history/caliban.db"
trap 'rm -rf "$work"; docker image rm -f $(docker image ls -q "caliban-bench-*" 2>/dev/null) >/dev/null 2>&1 || true' EXIT

# make_repo DIR IMAGE [PROJECT-XML]: a research repo (package `trainer`) on the packed SDK; PROJECT-XML goes in the project.
make_repo() {
  local dir="$1" image="$2" extra="${3:-}"
  mkdir -p "$dir/trainer"
  cat > "$dir/nuget.config" <<XML
<configuration><packageSources><clear /><add key="local" value="$root/artifacts/feed" /><add key="nuget.org" value="https://api.nuget.org/v3/index.json" /></packageSources></configuration>
XML
  echo "{ \"msbuild-sdks\": { \"Caliban.Sdk\": \"$version\", \"Microsoft.Build.NoTargets\": \"3.7.0\" } }" > "$dir/global.json"
  cat > "$dir/bench.calibanproj" <<XML
<Project Sdk="Caliban.Sdk">
  <PropertyGroup>
    <CalibanEntryPoint>trainer.train</CalibanEntryPoint>
    <CalibanBaseImage>$base</CalibanBaseImage>
    <CalibanImageName>$image</CalibanImageName>
    <CalibanUseGpu>false</CalibanUseGpu>
  </PropertyGroup>
  $extra
</Project>
XML
  printf '' > "$dir/trainer/__init__.py"
  printf 'import sys, time\nargs = sys.argv[1:]\nif "--sleep" in args: time.sleep(float(args[args.index("--sleep") + 1]))\nprint("train", args)\n' > "$dir/trainer/train.py"
  printf '# no dependencies\n' > "$dir/requirements.txt"
  printf 'obj/\nbin/\n.git/\n' > "$dir/.dockerignore"
}

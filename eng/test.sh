#!/usr/bin/env bash
# The test command (README "Quick start"). On a fresh machine of our kind it sets up everything the tests need:
# a Docker engine (installed and started when none answers), loopback registries, the local Python base image, and
# the packed SDK feed; then it runs the unit, targets and end-to-end tests.
#   eng/test.sh                 everything
#   eng/test.sh --filter EXPR   passes a dotnet test filter through (e.g. --filter FullyQualifiedName~Dockerfile)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
export CALIBAN_TEST_BASE_IMAGE="${CALIBAN_TEST_BASE_IMAGE:-caliban-local/python:bookworm}"

bash eng/ensure-tools.sh
bash eng/ensure-docker.sh
# Loopback registries for the push tests: an open one and an htpasswd-protected one (fixed test user).
bash eng/ensure-registry.sh
export CALIBAN_TEST_REGISTRY=127.0.0.1:5000 CALIBAN_TEST_AUTH_REGISTRY=127.0.0.1:5001
export CALIBAN_TEST_REGISTRY_USER=caliban-test CALIBAN_TEST_REGISTRY_PASSWORD=caliban-test-password
bash eng/ensure-base-image.sh "$CALIBAN_TEST_BASE_IMAGE"
bash eng/pack.sh
export CALIBAN_FEED="$root/artifacts/feed"

results="$root/artifacts/test-results"
rm -rf "$results"
status=0
dotnet test Caliban.Build.sln -nodeReuse:false --results-directory "$results" "$@" 2>&1 | tee "$root/artifacts/test.log" || status=$?

# One closing line any CI can read: "N passed, N failed".
count() { grep -hoE "$1: +[0-9]+" "$root/artifacts/test.log" | awk '{ n += $2 } END { print n + 0 }'; }
echo "tests: $(count Passed) passed, $(count Failed) failed"
exit $status

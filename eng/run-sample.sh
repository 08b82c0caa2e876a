#!/usr/bin/env bash
# Quick start, part one: sets up the engine, the local base image and the packed SDK, then builds samples/hello's
# image and runs its sweep (sweep.json) locally with `dotnet build -t:CalibanRun`, and shows the job history.
# Pass a sample folder name to run another sample.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sample="${1:-hello}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
base="${CALIBAN_BASE_IMAGE:-caliban-local/python:bookworm}"

bash "$root/eng/ensure-docker.sh"
bash "$root/eng/ensure-base-image.sh" "$base"
bash "$root/eng/pack.sh"

# A private packages folder, so a freshly packed Caliban.Sdk of the same version is always the one used.
export NUGET_PACKAGES="$root/artifacts/nuget-packages"
rm -rf "$NUGET_PACKAGES/caliban.sdk" "$NUGET_PACKAGES/caliban.templates"

cd "$root/samples/$sample"
# No public registry is reachable on our machines: build on the locally made base image.
dotnet build -t:CalibanRun -p:CalibanBaseImage="$base" -p:CalibanExperimentConfig=sweep.json -p:CalibanExperimentGroup="$sample-quickstart-$(date +%Y%m%d-%H%M%S)"
dotnet build -t:CalibanStatus -nologo -clp:NoSummary

#!/usr/bin/env bash
# Packs every package (Caliban.Sdk, Caliban.Templates, and the caliban tool Caliban.Cli) into artifacts/feed, the local
# feed samples and tests use: `dotnet tool install -g Caliban.Cli --add-source artifacts/feed` installs the tool.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rm -rf artifacts/feed
dotnet pack Caliban.Build.sln -c Release -nodeReuse:false -o artifacts/feed -v:q -nologo
ls artifacts/feed/*.nupkg >&2

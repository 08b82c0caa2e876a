#!/usr/bin/env bash
# Packs every package (Caliban.Sdk, Caliban.Templates) into artifacts/feed, the local feed samples and tests use.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rm -rf artifacts/feed
dotnet pack Caliban.Build.sln -c Release -nodeReuse:false -o artifacts/feed -v:q -nologo
ls artifacts/feed/*.nupkg >&2

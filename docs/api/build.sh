#!/usr/bin/env bash
# Builds the API reference of the library packages (their XML documentation comments) into docs/api/_site with
# docfx, the repository's local tool, and fails on any warning: a broken cref or link fails the build. It takes a few
# minutes (docfx loads the four projects through MSBuild), so it runs here rather than in `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet tool restore > /dev/null
rm -rf docs/api/reference docs/api/_site
dotnet docfx docs/api/docfx.json --warningsAsErrors "$@"

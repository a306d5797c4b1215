#!/usr/bin/env bash
# Builds the API reference of the library packages (their XML documentation comments) into docs/api/_site with
# docfx, the repository's local tool, and fails on any warning: a broken cref or link fails the build. The test
# suite runs it (tests/Recurrent.Cli.Tests/Packaging/ApiReferenceTests.cs).
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet tool restore > /dev/null
rm -rf docs/api/reference docs/api/_site
dotnet docfx docs/api/docfx.json --warningsAsErrors "$@"

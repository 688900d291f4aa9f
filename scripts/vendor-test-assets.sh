#!/usr/bin/env bash
# Vendors the assets that only the tests use under static/vendor/ from the npm registry: axe-core, which
# tests/e2e/test_accessibility.py injects into each page it checks (no page of the product loads it).
# Run with `make vendor` (or this script alone); commit the result. Bump the version here, run it again, commit.
set -euo pipefail

AXE_CORE_VERSION=4.14.1

root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/static/vendor/axe-core"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "axe-core@$AXE_CORE_VERSION" >/dev/null && tar -xzf ./*.tgz)

rm -rf "$dest"
mkdir -p "$dest"
cp "$work/package/axe.min.js" "$work/package/LICENSE" "$dest/"
printf 'axe-core %s\n' "$AXE_CORE_VERSION" > "$dest/VERSION"
echo "Vendored into static/vendor/axe-core: axe-core $AXE_CORE_VERSION"

#!/usr/bin/env bash
# Vendors the front-end assets under static/vendor/ from the npm registry (no CDN at run time).
# Run with `make vendor`; commit the result. Bump a version here, run it again, commit.
set -euo pipefail

BOOTSTRAP_VERSION=5.3.9
HTMX_VERSION=2.0.11

root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/static/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fetch() {  # fetch NAME VERSION -> extracts into $work/NAME/package
  mkdir -p "$work/$1"
  (cd "$work/$1" && npm pack --silent "$1@$2" >/dev/null && tar -xzf ./*.tgz)
}

fetch bootstrap "$BOOTSTRAP_VERSION"
fetch htmx.org "$HTMX_VERSION"

rm -rf "$dest/bootstrap" "$dest/htmx"  # static/vendor/axe-core comes from vendor-test-assets.sh
mkdir -p "$dest/bootstrap/css" "$dest/bootstrap/js" "$dest/htmx"
cp "$work/bootstrap/package/dist/css/bootstrap.min.css"{,.map} "$dest/bootstrap/css/"
cp "$work/bootstrap/package/dist/js/bootstrap.bundle.min.js"{,.map} "$dest/bootstrap/js/"
cp "$work/bootstrap/package/LICENSE" "$dest/bootstrap/LICENSE"
cp "$work/htmx.org/package/dist/htmx.min.js" "$dest/htmx/"
cp "$work/htmx.org/package/LICENSE" "$dest/htmx/LICENSE"
printf 'bootstrap %s\nhtmx.org %s\n' "$BOOTSTRAP_VERSION" "$HTMX_VERSION" > "$dest/VERSIONS"
echo "Vendored into static/vendor: bootstrap $BOOTSTRAP_VERSION, htmx.org $HTMX_VERSION"

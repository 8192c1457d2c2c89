#!/usr/bin/env bash
# Installs Debian's chromium package for the test that renders report.html
# in headless Chromium (cmd/gridflip/browser_test.go). .ci/run calls it and
# then requires the browser (GRIDFLIP_REQUIRE_CHROMIUM=1); `make test` runs
# that test whenever a Chromium is on PATH. Idempotent.
set -euo pipefail
for name in chromium chromium-browser google-chrome; do
  if command -v "$name" >/dev/null 2>&1; then
    exit 0
  fi
done
sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "setup: chromium is missing and installing it needs root (apt-get install chromium)" >&2
    exit 1
  fi
fi
echo "setup: installing Debian's chromium package ..."
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium

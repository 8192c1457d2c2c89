#!/usr/bin/env bash
# Installs Debian's chromium package for the test that renders report.html
# in headless Chromium (cmd/gridflip/browser_test.go). .ci/run calls it and
# then requires the browser (GRIDFLIP_REQUIRE_CHROMIUM=1); `make test` runs
# that test whenever a Chromium is on PATH. Idempotent.
set -euo pipefail
exec "$(dirname "$0")/apt-install.sh" chromium chromium chromium-browser google-chrome

#!/usr/bin/env bash
# Installs Debian's libreoffice-calc for the tests that recalculate
# proforma.xlsx in headless LibreOffice (proforma/workbook). .ci/run calls
# it and then requires it (GRIDFLIP_REQUIRE_LIBREOFFICE=1; CI=true does
# too); `make test` runs those tests whenever soffice is on PATH.
# Idempotent.
set -euo pipefail
for name in soffice libreoffice; do
  if command -v "$name" >/dev/null 2>&1; then
    exit 0
  fi
done
sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "setup: LibreOffice is missing and installing it needs root (apt-get install libreoffice-calc)" >&2
    exit 1
  fi
fi
echo "setup: installing Debian's libreoffice-calc package ..."
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends libreoffice-calc >/dev/null
command -v soffice

#!/usr/bin/env bash
# Installs Debian's libreoffice-calc for the tests that recalculate
# proforma.xlsx in headless LibreOffice (proforma/workbook). .ci/run calls
# it and then requires it (GRIDFLIP_REQUIRE_LIBREOFFICE=1; CI=true does
# too); `make test` runs those tests whenever soffice is on PATH.
# Idempotent.
set -euo pipefail
exec "$(dirname "$0")/apt-install.sh" libreoffice-calc soffice libreoffice

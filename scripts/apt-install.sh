#!/usr/bin/env bash
# apt-install.sh PACKAGE COMMAND...: installs Debian's PACKAGE unless one of
# the COMMANDs is already on PATH, then prints the first COMMAND's path. The
# browser and spreadsheet setups (setup-chromium.sh, setup-libreoffice.sh)
# share it. Needs root or sudo. Idempotent.
set -euo pipefail
package=$1
shift
for name in "$@"; do
  if command -v "$name" >/dev/null 2>&1; then
    exit 0
  fi
done
sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "setup: $package is missing and installing it needs root (apt-get install $package)" >&2
    exit 1
  fi
fi
echo "setup: installing Debian's $package package ..."
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "$package" >/dev/null
command -v "$1"

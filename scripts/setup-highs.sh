#!/usr/bin/env bash
# Installs HiGHS for gridflip the way a user on any machine would, idempotently.
#
#  1. A system install found by `pkg-config highs` is used as it is.
#  2. Otherwise the `highsbox` wheel from PyPI (it ships lib/libhighs.so) is
#     installed into the project-local, git-ignored directory .highs/.
#
# Either way .highs/lib/libhighs.so ends up pointing at the library, which is
# where the gridflip binary and the tests look for it (after
# $GRIDFLIP_HIGHS_LIB). Re-running is quick once the library is in place.
set -euo pipefail
cd "$(dirname "$0")/.."
HIGHSBOX_VERSION="${HIGHSBOX_VERSION:-1.15.1}"
dest=.highs
link="$dest/lib/libhighs.so"

if [ -e "$link" ]; then
  exit 0
fi
mkdir -p "$dest/lib"

if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists highs 2>/dev/null; then
  libdir=$(pkg-config --variable=libdir highs)
  if [ -e "$libdir/libhighs.so" ]; then
    ln -sfn "$libdir/libhighs.so" "$link"
    echo "setup: using system HiGHS $(pkg-config --modversion highs) from $libdir"
    exit 0
  fi
fi

py=$(command -v python3 || command -v python || true)
if [ -z "$py" ]; then
  echo "setup: need python3 with pip to install the highsbox wheel (or install HiGHS so that 'pkg-config highs' finds it)" >&2
  exit 1
fi
echo "setup: installing HiGHS from the highsbox $HIGHSBOX_VERSION wheel into $dest/ ..."
"$py" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps \
  --target "$dest/pkg" "highsbox==$HIGHSBOX_VERSION"
lib=$(find "$dest/pkg" -name libhighs.so -print -quit)
if [ -z "$lib" ]; then
  echo "setup: the highsbox wheel did not contain libhighs.so" >&2
  exit 1
fi
# Relative links, so the checkout can be moved.
ln -sfn "../${lib#"$dest/"}" "$link"
bin=$(find "$dest/pkg" -path '*bin/highs' -type f -print -quit)
if [ -n "$bin" ]; then
  # The stand-alone `highs` program, used by `gridflip bench` to time HiGHS alone.
  printf '#!/bin/sh\nd=$(cd "$(dirname "$0")" && pwd)\nLD_LIBRARY_PATH="$d/%s${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" exec "$d/%s" "$@"\n' \
    "$(dirname "${lib#"$dest/"}")" "${bin#"$dest/"}" >"$dest/highs"
  chmod +x "$dest/highs"
fi
echo "setup: HiGHS library at $link"

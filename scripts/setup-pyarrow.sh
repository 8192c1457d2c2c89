#!/usr/bin/env bash
# Installs pyarrow into the project-local, git-ignored .pydeps/, for the
# test that reads gridflip's Parquet files with a reader that is not ours.
# Idempotent: quick once pyarrow imports.
set -euo pipefail
cd "$(dirname "$0")/.."
PYARROW_VERSION="${PYARROW_VERSION:-26.0.1}"
py=$(command -v python3 || true)
if [ -z "$py" ]; then
  echo "setup: need python3 with pip to install pyarrow" >&2
  exit 1
fi
if PYTHONPATH=.pydeps "$py" -c "import pyarrow" 2>/dev/null; then
  exit 0
fi
echo "setup: installing pyarrow $PYARROW_VERSION into .pydeps/ ..."
"$py" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
  --target .pydeps "pyarrow==$PYARROW_VERSION"
PYTHONPATH=.pydeps "$py" -c "import pyarrow; print('setup: pyarrow', pyarrow.__version__, 'in .pydeps/')"

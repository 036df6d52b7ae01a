#!/usr/bin/env bash
# Creates or refreshes the project's Python environment in .venv (sourced by run.sh and test.sh).
# Reinstalls only when pyproject.toml changed since the last install.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-python3}"
VENV="$ROOT/.venv"

need_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Pingyi needs Python ≥ 3.11 (found: $("$PY" --version 2>&1)). Set PYTHON=/path/to/python3.11." >&2
  exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "==> creating $VENV" >&2
  if ! "$PY" -m venv "$VENV" 2>/dev/null; then
    echo "==> installing python3-venv (Debian)" >&2
    need_root apt-get update -q && need_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv
    rm -rf "$VENV"; "$PY" -m venv "$VENV"
  fi
fi
STAMP="$VENV/.pingyi-installed"
WANT="$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
  echo "==> installing Pingyi and its dependencies into .venv (first run: about a minute)" >&2
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >&2
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$ROOT[dev]" >&2
  echo "$WANT" > "$STAMP"
fi

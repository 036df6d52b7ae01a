#!/usr/bin/env bash
# The test command: system packages (Chromium, CJK fonts), environment, then the whole suite incl. browser tests.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/system-packages.sh
source scripts/env.sh
exec .venv/bin/python -m pytest "$@"

#!/usr/bin/env bash
# The run command: environment, demo warehouse if none exists, dashboard on http://127.0.0.1:8501.
# --demo logs visitors in as a demo user, but only while every institution in the warehouse is demo data.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/env.sh
export PINGYI_DB="${PINGYI_DB:-$ROOT/data/pingyi.duckdb}"
.venv/bin/pingyi demo --if-missing --db "$PINGYI_DB"
exec .venv/bin/pingyi serve --demo --db "$PINGYI_DB" --host 127.0.0.1 --port "${PINGYI_PORT:-8501}"

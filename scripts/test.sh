#!/usr/bin/env bash
# The test command: installs everything (idempotent), then lint, format check, types and the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy reportgen
.venv/bin/pytest "$@"

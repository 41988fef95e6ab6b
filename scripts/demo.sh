#!/usr/bin/env bash
# Set-up and demo in one: installs everything, then runs reportgen on the bundled sample county.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/reportgen doctor
.venv/bin/reportgen demo --out demo-output --force

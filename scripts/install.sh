#!/usr/bin/env bash
# Installs everything reportgen needs on a Debian machine, idempotently:
#  - the Debian packages PDF output needs (CJK fonts, 楷体 with mainland punctuation (AR PL KaitiM GB),
#    HarfBuzz subsetting, poppler), only those missing,
#    and those the tests mount a FAT or exFAT USB stick with (dosfstools, exfatprogs, their FUSE drivers),
#    and Debian's chromium, which the browser tests of the web pages drive through Playwright (the
#    tests launch /usr/bin/chromium; Playwright's own browser download is never used), and
#    LibreOffice Writer without its desktop (soffice --headless), which the tests and
#    scripts/lo_check.py convert every kind's DOCX with, to compare its pages with the PDF's;
#  - a virtual environment .venv holding reportgen (editable) and its development tools.
set -euo pipefail
cd "$(dirname "$0")/.."

debs=(fonts-noto-cjk fonts-arphic-ukai fonts-arphic-gkai00mp fonts-hanazono libharfbuzz-subset0
      poppler-utils dosfstools exfatprogs fusefat exfat-fuse chromium libreoffice-writer-nogui)
if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for deb in "${debs[@]}"; do
    dpkg-query -W -f='${Status}' "$deb" 2>/dev/null | grep -q "ok installed" || missing+=("$deb")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
      command -v sudo >/dev/null 2>&1 || { echo "需要 root 权限安装：${missing[*]}" >&2; exit 1; }
      sudo="sudo"
    fi
    echo "安装 Debian 软件包：${missing[*]}"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
else
  echo "不是 Debian 系统：请自行安装 Noto CJK 字体、HarfBuzz（含 subset）和 poppler-utils。" >&2
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  # The distribution was called reportgen before it took a name of its own (kongchuo).
  .venv/bin/python -m pip uninstall -q -y reportgen 2>/dev/null || true
  .venv/bin/python -m pip install -q -e ".[dev]"
  touch .venv/.installed
fi

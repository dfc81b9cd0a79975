#!/usr/bin/env bash
# One command from a fresh clone: system libraries, a pinned virtual
# environment, then every brochure built into build/.
set -euo pipefail
cd "$(dirname "$0")"

# Libraries WeasyPrint loads at run time.  libharfbuzz-subset0 matters: without
# it WeasyPrint subsets fonts with fontTools, 10-100x slower.
APT_PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 python3-venv"
missing_libs() {
  local missing=""
  for lib in libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz.so.0 libharfbuzz-subset.so.0 libfontconfig.so.1; do
    ldconfig -p 2>/dev/null | grep -q "$lib" || missing="$missing $lib"
  done
  echo "$missing"
}
if [ -n "$(missing_libs)" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "setup: installing system libraries:$(missing_libs)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $APT_PACKAGES >/dev/null
  else
    echo "setup: missing system libraries:$(missing_libs)" >&2
    echo "setup: run this once, then run ./setup.sh again:" >&2
    echo "    sudo apt-get install -y $APT_PACKAGES" >&2
    exit 1
  fi
fi

# Headless Chromium for the download-page test (Playwright drives the system
# browser; `playwright install` cannot work here).  Only installed as root.
if ! command -v chromium >/dev/null && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "setup: installing chromium (browser test of build/index.html)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# Ghostscript for `brochure check --shop` (maximum total ink, from the separations
# rendered with tiffsep); without it the check says the figure was not measured.
if ! command -v gs >/dev/null && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "setup: installing ghostscript (total ink for brochure check --shop)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ghostscript >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
.venv/bin/brochure build

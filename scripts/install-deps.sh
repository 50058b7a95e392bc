#!/usr/bin/env bash
# Installs the Debian packages Dossierkluis needs to build and test, only those that are missing.
# Runs apt-get as root or through sudo; otherwise names the packages and stops.
set -euo pipefail

# build: Tauri (WebKitGTK), SQLCipher (libssl), the sleep/lock watch (libdbus; dbus-daemon for its
# tests); real-window tests: Xvfb, WebKitWebDriver;
# output checks: poppler (pdftotext/pdftoppm), qpdf, age, sqlite3, xmllint (UBL schema check);
# gdb's gcore for the memory test (tests/e2e/memory.test.mjs dumps the locked app's processes);
# python3 with venv for the EN 16931 check's virtualenv (`make test-en16931`, pip from PyPI once).
PACKAGES=(build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev
          libdbus-1-dev dbus
          xvfb xauth webkit2gtk-driver poppler-utils qpdf age sqlite3 libxml2-utils gdb
          python3 python3-venv nodejs npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# nodejs/npm may come from outside Debian's packages (e.g. a preinstalled toolchain): accept those.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]:-}"
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi

if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
  echo "Dossierkluis heeft deze systeempakketten nodig: ${missing[*]}" >&2
  echo "Installeer ze met: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installeren: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# Made tests/fixtures/vault-v1 once, with schema 1. Kept to show how; do NOT re-run it to "fix" a
# failing fixture test: the point of the fixture is that old vaults keep opening unchanged.
set -euo pipefail
# --insecure-fast-kdf exists only in test builds: build the CLI with `cargo build --features
# insecure-fast-kdf` first.
bin=${1:-target/debug/dossierkluis}
out=tests/fixtures/vault-v1
rm -rf "$out.tmp" && mkdir -p "$out.tmp"
export DOSSIERKLUIS_PASSPHRASE="fixture wachtwoordzin een"
"$bin" --vault "$out.tmp" --today 2026-11-21 init --insecure-fast-kdf --json > "$out.tmp/recovery.json"
"$bin" --vault "$out.tmp" --today 2026-11-21 client add --first-name Zoë --tussenvoegsel de --last-name Vries \
  --birth-date 1990-03-04 --postcode "3511 AB" --house-number 12 --street Lindelaan --city Utrecht --json
"$bin" --vault "$out.tmp" --today 2026-11-21 entry add --client 1 --kind sessieverslag \
  --text "Dit is de fixture-aantekening van schema 1. De cliënt vertelt over werkdruk." --json
"$bin" --vault "$out.tmp" --today 2026-11-21 entry add --client 1 --kind clientverklaring \
  --text "Mijn eigen verklaring bij het dossier." --json
mkdir -p "$out" && cp "$out.tmp/vault.db" "$out.tmp/vault.key" "$out/" && rm -rf "$out.tmp"

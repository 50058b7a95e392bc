#!/usr/bin/env bash
# Runs the real-window tests: a virtual screen (Xvfb), tauri-driver in front of WebKitWebDriver, then
# `node --test`. tauri-driver always stops with SIGTERM: SIGKILL would orphan WebKitWebDriver.
#
# Needs: DOSSIERKLUIS_APP_BIN (absolute path of the built app); TAURI_DRIVER (defaults to the one on PATH).
# `make test-e2e` provides both. Driver output goes to tests/e2e/out/tauri-driver.log.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

: "${DOSSIERKLUIS_APP_BIN:?set DOSSIERKLUIS_APP_BIN to the absolute path of target/debug/dossierkluis-app}"
[ -x "$DOSSIERKLUIS_APP_BIN" ] || { echo "not an executable: $DOSSIERKLUIS_APP_BIN" >&2; exit 1; }
driver=${TAURI_DRIVER:-$(command -v tauri-driver || true)}
[ -n "$driver" ] && [ -x "$driver" ] || { echo "tauri-driver not found (make tauri-driver installs it)" >&2; exit 1; }
export DOSSIERKLUIS_APP_BIN TAURI_DRIVER="$driver"

# One real-window run per machine at a time: the driver listens on fixed ports. A second run (another
# checkout on the same machine) waits here instead of failing with "Maximum number of active sessions".
if [ -z "${DOSSIERKLUIS_E2E_LOCKED:-}" ] && command -v flock >/dev/null; then
  export DOSSIERKLUIS_E2E_LOCKED=1
  exec flock "${TMPDIR:-/tmp}/dossierkluis-e2e.lock" "$0" "$@"
fi

# Everything below needs a screen: start over inside a fresh virtual one. -noreset: when the app's
# window closes, Xvfb would otherwise reset and signal xvfb-run (SIGUSR1), and if that lands during
# xvfb-run's cleanup, dash reports the cleanup as failed ("problem while cleaning up temporary
# directory", exit 5) after our test summary.
if [ -z "${DOSSIERKLUIS_E2E_IN_XVFB:-}" ]; then
  export DOSSIERKLUIS_E2E_IN_XVFB=1
  exec xvfb-run -a -s "-screen 0 1280x1024x24 -noreset" "$0" "$@"
fi

port=4444
native_port=4445
out="$here/out"
mkdir -p "$out"
log="$out/tauri-driver.log"

# A fresh vault folder and dialog-seam folder for every run; the app (started by tauri-driver)
# inherits both. DOSSIERKLUIS_TEST_DIALOG_DIR only works in debug builds (see src-tauri/src/dialog.rs).
work=$(mktemp -d "${TMPDIR:-/tmp}/dossierkluis-e2e.XXXXXX")
export DOSSIERKLUIS_VAULT_DIR="$work/kluis"
export DOSSIERKLUIS_TEST_DIALOG_DIR="$work/dialoog"
mkdir -p "$DOSSIERKLUIS_TEST_DIALOG_DIR"
# A fake CUPS for billing_pdf.test.mjs (debug builds only, src-tauri/src/commands_billing_pdf.rs).
export DOSSIERKLUIS_TEST_LPSTAT="$here/fake-cups/lpstat" DOSSIERKLUIS_TEST_LP="$here/fake-cups/lp"

"$TAURI_DRIVER" --port "$port" --native-port "$native_port" >"$log" 2>&1 &
driver_pid=$!
stop_driver() {
  kill -TERM "$driver_pid" 2>/dev/null || true
  wait "$driver_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap stop_driver EXIT
trap 'exit 130' INT TERM

# Wait until the driver listens (normally well under a second).
listening=
for _ in $(seq 100); do
  kill -0 "$driver_pid" 2>/dev/null || { echo "tauri-driver exited early:" >&2; cat "$log" >&2; exit 1; }
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then listening=1; break; fi
  sleep 0.1
done
[ -n "$listening" ] || { echo "tauri-driver is not listening on port $port after 10 s:" >&2; cat "$log" >&2; exit 1; }

cd "$here"
# One window at a time (one driver); the smoke test first, on the first-run screen of the fresh vault.
[ $# -gt 0 ] || set -- ./smoke.test.mjs ./billing.test.mjs ./app.test.mjs ./retention.test.mjs ./billing_settings.test.mjs ./retention_practice.test.mjs ./retention_client.test.mjs ./billing_pdf.test.mjs ./retention_polish.test.mjs ./retention_privacy.test.mjs
# One `node --test` per file, in the order given: node sorts the files it is handed, and the order
# matters (billing.test.mjs must find the first-run screen to choose a vault folder of its own;
# retention.test.mjs reuses the vault app.test.mjs made).
set +e
: >"$out/node-test.log"
status=0
for file in "$@"; do
  node --test --test-concurrency=1 --test-reporter=spec "$file" 2>&1 | tee -a "$out/node-test.log"
  file_status=${PIPESTATUS[0]}
  [ "$file_status" -eq 0 ] || status=$file_status
done
set -e
stop_driver
trap - EXIT

if [ "$status" -ne 0 ]; then
  # Show what the driver saw, then repeat node's summary so the output still ends with it.
  echo "--- tauri-driver log (last 40 lines) ---"
  tail -n 40 "$log"
  echo "--- test summary ---"
  grep -E '^ℹ ' "$out/node-test.log" || true
fi
exit "$status"

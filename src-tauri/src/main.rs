// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// Every heap block Rust frees is wiped first (`dossierkluis::memory`): names, notes and the
// passphrase do not linger in freed memory after their use, whichever crate held them.
#[global_allocator]
static ALLOC: dossierkluis::memory::ZeroizingAlloc = dossierkluis::memory::ZeroizingAlloc;

fn main() {
    // No core dump of this process or of the WebKit processes it starts; not dumpable.
    dossierkluis::memory::harden_process();
    // Not `memory::wipe_sqlite_on_free()`: SQLCipher's memory security made one backup about 7x
    // slower (tests/backup_crash.rs: 7.8 s instead of about 1 s), and the automatic backup runs at
    // every lock. SQLite's freed page cache is therefore not overwritten (README, known limits).
    if let Err(err) = dossierkluis_app::run() {
        eprintln!("Dossierkluis kon niet starten: {err}");
        std::process::exit(1);
    }
}

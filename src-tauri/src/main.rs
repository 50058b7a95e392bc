// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(err) = dossierkluis_app::run() {
        eprintln!("Dossierkluis kon niet starten: {err}");
        std::process::exit(1);
    }
}

//! Dossierkluis: encrypted practice records for a solo therapist or coach in the Netherlands.
//!
//! This library holds every decision; the CLI (`src/main.rs`) and the desktop shell (`src-tauri/`)
//! only adapt it. The way in is [`Vault`]: create or open one, then work through its [`Store`].
//!
//! ```no_run
//! use dossierkluis::{Vault, Passphrase, KdfParams, Context};
//! let (mut vault, recovery) = Vault::create("/tmp/kluis".as_ref(), &Passphrase::new("een lange zin"), KdfParams::STRONG, Context::system())?;
//! println!("Herstelcode: {}", recovery.expose_secret());
//! let hits = vault.store_mut().search("zoe", 20)?;
//! # Ok::<(), dossierkluis::Error>(())
//! ```

pub mod atomic_file;
pub mod audit;
pub mod backup;
pub mod billing;
pub mod clock;
pub mod dates;
pub mod demo;
pub mod dossier;
pub mod error;
pub mod format;
mod hex;
pub mod logo;
pub mod memory;
pub mod overview;
pub mod pdf;
pub mod practice;
pub mod print;
pub mod retention;
pub mod search;
pub mod store;
pub mod vault;

pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{Error, ErrorCode, Result};
pub use store::{Actor, Context, Store};
pub use vault::{KdfParams, Passphrase, RecoveryCode, SecretText, Vault};

/// The version of this build, as shown in the app and written into backups.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

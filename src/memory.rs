//! What the process does so that dossier data and secrets do not outlive their use in memory, and do
//! not leave by other doors (a core dump, swap).
//!
//! - [`ZeroizingAlloc`] is the global allocator of the app and the CLI: every heap block is wiped
//!   before it goes back to the system allocator, so a name, a note or a passphrase that Rust code
//!   (ours, serde's, Tauri's) held in a `String` or `Vec` is gone once that value is dropped, copy
//!   or not. A growing `Vec` that moves frees its old block through the same path.
//! - [`wipe_sqlite_on_free`] would have SQLCipher overwrite what SQLite frees, so the page cache of a
//!   locked vault does not stay behind in freed memory. Neither binary calls it: it made one backup
//!   about 7x slower (7.8 s instead of about 1 s in tests/backup_crash.rs), and a backup runs at
//!   every lock. The benchmark's `wiped` group still measures it.
//! - [`harden_process`] turns core dumps off (`RLIMIT_CORE = 0`, inherited by child processes such as
//!   WebKit's web process) and, on Linux, marks the process not dumpable (`PR_SET_DUMPABLE = 0`:
//!   no core file, and only root can attach a debugger or read `/proc/<pid>/mem`).
//! - [`lock_in_memory`] asks the system (`mlock`) not to swap the pages that hold key material; best
//!   effort, never an error when refused (e.g. over `RLIMIT_MEMLOCK`).
//!
//! None of this protects an unlocked vault against someone who can read the memory of the running
//! process as root; README "Known limits" says what is in memory when.

use std::alloc::{GlobalAlloc, Layout, System};

/// The system allocator, wiping every block before it is freed. Declared in each binary with
/// `#[global_allocator] static ALLOC: ZeroizingAlloc = ZeroizingAlloc;`.
///
/// Only `alloc` and `dealloc` are overridden: the default `realloc` allocates, copies and frees
/// through these two, so the old block of a moved buffer is wiped too (at the price of never growing
/// a block in place; the benchmarks in the README measure it).
pub struct ZeroizingAlloc;

unsafe impl GlobalAlloc for ZeroizingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { wipe_then_dealloc(&System, ptr, layout) }
    }
}

/// What [`ZeroizingAlloc`]'s `dealloc` does: wipe the block, then hand it to `inner`.
///
/// # Safety
/// As `GlobalAlloc::dealloc` of `inner`.
unsafe fn wipe_then_dealloc<A: GlobalAlloc>(inner: &A, ptr: *mut u8, layout: Layout) {
    unsafe {
        wipe(ptr, layout.size());
        inner.dealloc(ptr, layout)
    }
}

/// Overwrites `len` bytes at `ptr` with zeros in a way the compiler may not drop as a dead store.
///
/// # Safety
/// `ptr..ptr+len` must be writable memory owned by the caller.
unsafe fn wipe(ptr: *mut u8, len: usize) {
    unsafe { std::ptr::write_bytes(ptr, 0, len) };
    // The block is freed right after: without this fence the zeroing is a dead store to the
    // optimiser (the `zeroize` crate uses the same fence after its volatile writes).
    std::sync::atomic::compiler_fence(std::sync::atomic::Ordering::SeqCst);
    // A volatile read of the first byte pins the writes above as observable.
    if len > 0 {
        unsafe { std::ptr::read_volatile(ptr) };
    }
}

/// Turns on SQLCipher's memory security: every block SQLite frees (the page cache of a closed
/// connection, statements, rows) is overwritten first, and its allocations are `mlock`ed while in use.
/// Process-wide and irreversible; call once at start, before any vault opens. Returns whether
/// SQLCipher reports it on.
pub fn wipe_sqlite_on_free() -> bool {
    crate::store::ensure_sqlcipher_ready();
    let Ok(conn) = rusqlite::Connection::open_in_memory() else {
        return false;
    };
    let _ = conn.execute_batch("PRAGMA cipher_memory_security = ON;");
    conn.query_row("PRAGMA cipher_memory_security", [], |r| {
        r.get::<_, String>(0)
    })
    .is_ok_and(|v| v.trim() == "1")
}

/// Turns core dumps off for this process and the processes it starts, and on Linux marks it not
/// dumpable. Call first thing in `main`. Never fails: a refusal leaves the process as it was.
pub fn harden_process() {
    #[cfg(unix)]
    unsafe {
        let none = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        libc::setrlimit(libc::RLIMIT_CORE, &none);
    }
    #[cfg(any(target_os = "linux", target_os = "android"))]
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

/// Whether the system would write a core file of this process: `Some(false)` once
/// [`harden_process`] ran. `None` where it cannot be asked.
pub fn core_dumps_possible() -> Option<bool> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        let dumpable = unsafe { libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) };
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        let read = unsafe { libc::getrlimit(libc::RLIMIT_CORE, &mut limit) } == 0;
        Some(dumpable != 0 || !read || limit.rlim_cur != 0)
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        None
    }
}

/// Asks the system to keep the pages under `value` in RAM (never in swap). Best effort: returns
/// whether it worked, and a refusal changes nothing. The pages are not unlocked again (other values
/// may share them); locked pages go with the process.
pub fn lock_in_memory<T: ?Sized>(value: &T) -> bool {
    let len = std::mem::size_of_val(value);
    if len == 0 {
        return true;
    }
    #[cfg(unix)]
    {
        let addr = value as *const T as *const u8 as usize;
        let page = page_size();
        let start = addr & !(page - 1);
        let end = addr + len;
        unsafe { libc::mlock(start as *const libc::c_void, end - start) == 0 }
    }
    #[cfg(not(unix))]
    {
        false
    }
}

#[cfg(unix)]
fn page_size() -> usize {
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    if size > 0 {
        size as usize
    } else {
        4096
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The system allocator, remembering what each block held at the moment it was freed.
    struct Recording(std::sync::Mutex<Vec<Vec<u8>>>);

    unsafe impl GlobalAlloc for Recording {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            unsafe { System.alloc(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            let held = unsafe { std::slice::from_raw_parts(ptr, layout.size()) }.to_vec();
            self.0.lock().unwrap().push(held);
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    #[test]
    fn a_freed_block_is_wiped() {
        let layout = Layout::from_size_align(64, 8).unwrap();
        let inner = Recording(std::sync::Mutex::new(Vec::new()));
        unsafe {
            let p = inner.alloc(layout);
            assert!(!p.is_null());
            std::ptr::write_bytes(p, 0xAB, 64);
            wipe_then_dealloc(&inner, p, layout);
        }
        let freed = inner.0.lock().unwrap();
        assert_eq!(freed.len(), 1, "the block reached the inner allocator");
        assert!(
            freed[0].iter().all(|&b| b == 0),
            "the block held only zeros when it was freed: {:?}",
            &freed[0][..8]
        );
    }

    #[test]
    fn sqlite_wipes_what_it_frees_once_asked() {
        assert!(
            wipe_sqlite_on_free(),
            "SQLCipher reports cipher_memory_security on"
        );
    }

    #[test]
    fn the_process_writes_no_core_dump_once_hardened() {
        harden_process();
        #[cfg(target_os = "linux")]
        {
            assert_eq!(core_dumps_possible(), Some(false));
            assert_eq!(
                unsafe { libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) },
                0,
                "not dumpable"
            );
            let limits = std::fs::read_to_string("/proc/self/limits").unwrap();
            let core = limits
                .lines()
                .find(|l| l.starts_with("Max core file size"))
                .unwrap();
            assert!(
                core.split_whitespace().skip(4).take(2).all(|v| v == "0"),
                "soft and hard core limit are 0: {core}"
            );
        }
    }

    #[test]
    fn key_pages_are_locked_when_the_limit_allows() {
        let key = Box::new([7u8; 32]);
        let locked = lock_in_memory(&*key);
        assert_eq!(*key, [7u8; 32], "locking leaves the value as it was");
        #[cfg(target_os = "linux")]
        {
            let mut limit = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            unsafe { libc::getrlimit(libc::RLIMIT_MEMLOCK, &mut limit) };
            let root = unsafe { libc::geteuid() } == 0;
            // Two pages at most (the key may straddle a page boundary).
            if root || limit.rlim_cur >= 2 * page_size() as libc::rlim_t {
                assert!(
                    locked,
                    "mlock of one key is within the limit, so it must succeed"
                );
            }
        }
        let _ = locked;
    }
}

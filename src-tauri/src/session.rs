//! Locking when the laptop sleeps or the desktop session locks: the operating system's events, behind
//! one small interface ([`watch`] calls back with a [`SessionEvent`]); what to do with them is
//! [`crate::AppState::on_session_event`].
//!
//! Linux: logind on the system bus (D-Bus, through the `dbus` crate over the system's libdbus):
//! `org.freedesktop.login1.Manager.PrepareForSleep(true)` (suspend, hibernate, and lid close, which
//! logind turns into a suspend) gives [`SessionEvent::Sleeping`], `PrepareForSleep(false)`
//! [`SessionEvent::Woke`]; the session's `Lock` signal (`loginctl lock-session`, screen lockers) and
//! its `LockedHint` property turning true (GNOME and KDE set it when the screen locks) give
//! [`SessionEvent::Locked`]. Our own session is found with `GetSessionByPID`; when that fails (no
//! logind), `Lock` from any session counts, since a lock too many is safe and a lock too few is not.
//! Anyone on the bus can send such a signal; the worst it does is lock the vault.
//!
//! Not yet on Windows and macOS (`WM_POWERBROADCAST`/`WTS_SESSION_LOCK`, `NSWorkspace` sleep
//! notifications): there [`watch`] reports that it cannot watch, and the idle lock on a clock that
//! counts sleep (see [`crate::idle`]) is what locks a vault after the laptop wakes.

/// Something the operating system told us about the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEvent {
    /// The laptop is about to sleep (suspend, hibernate, lid closed).
    Sleeping,
    /// The laptop woke up.
    Woke,
    /// The desktop session was locked.
    Locked,
}

/// Where to listen: the system bus, or (tests) a bus at a given address.
#[derive(Debug, Clone)]
pub enum Bus {
    System,
    Address(String),
}

#[cfg(target_os = "linux")]
mod linux {
    use super::{Bus, SessionEvent};
    use dbus::arg::{PropMap, RefArg};
    use dbus::blocking::stdintf::org_freedesktop_dbus::PropertiesPropertiesChanged;
    use dbus::blocking::Connection;
    use dbus::channel::Channel;
    use dbus::message::{MatchRule, SignalArgs};
    use std::sync::Arc;
    use std::time::Duration;

    const LOGIN1: &str = "org.freedesktop.login1";
    const MANAGER_PATH: &str = "/org/freedesktop/login1";
    const MANAGER: &str = "org.freedesktop.login1.Manager";
    const SESSION: &str = "org.freedesktop.login1.Session";

    fn connect(bus: &Bus) -> Result<Connection, dbus::Error> {
        match bus {
            Bus::System => Connection::new_system(),
            Bus::Address(addr) => {
                let mut channel = Channel::open_private(addr)?;
                channel.register()?;
                Ok(Connection::from(channel))
            }
        }
    }

    /// Our own session's object path, when logind answers.
    fn own_session(conn: &Connection) -> Option<dbus::Path<'static>> {
        let proxy = conn.with_proxy(LOGIN1, MANAGER_PATH, Duration::from_secs(2));
        let (path,): (dbus::Path<'static>,) = proxy
            .method_call(MANAGER, "GetSessionByPID", (std::process::id(),))
            .ok()?;
        Some(path)
    }

    pub fn watch(
        bus: Bus,
        on_event: Box<dyn Fn(SessionEvent) + Send + Sync>,
    ) -> Result<(), String> {
        let conn = connect(&bus).map_err(|e| e.to_string())?;
        let on_event: Arc<dyn Fn(SessionEvent) + Send + Sync> = Arc::from(on_event);
        let session = own_session(&conn);

        let f = on_event.clone();
        conn.add_match(
            MatchRule::new_signal(MANAGER, "PrepareForSleep"),
            move |(start,): (bool,), _, _| {
                f(if start {
                    SessionEvent::Sleeping
                } else {
                    SessionEvent::Woke
                });
                true
            },
        )
        .map_err(|e| e.to_string())?;

        let mut lock_rule = MatchRule::new_signal(SESSION, "Lock");
        if let Some(path) = &session {
            lock_rule = lock_rule.with_path(path.clone());
        }
        let f = on_event.clone();
        conn.add_match(lock_rule, move |(): (), _, _| {
            f(SessionEvent::Locked);
            true
        })
        .map_err(|e| e.to_string())?;

        let mut hint_rule = PropertiesPropertiesChanged::match_rule(None, None).static_clone();
        if let Some(path) = &session {
            hint_rule = hint_rule.with_path(path.clone());
        }
        let f = on_event;
        conn.add_match(
            hint_rule,
            move |changed: PropertiesPropertiesChanged, _, _| {
                if changed.interface_name == SESSION && locked_hint(&changed.changed_properties) {
                    f(SessionEvent::Locked);
                }
                true
            },
        )
        .map_err(|e| e.to_string())?;

        std::thread::Builder::new()
            .name("sessie-signalen".into())
            .spawn(move || {
                // Ends only when the bus goes away (the app keeps its idle lock then).
                while conn.process(Duration::from_secs(60)).is_ok() {}
            })
            .map_err(|e| e.to_string())?;
        Ok(())
    }

    fn locked_hint(props: &PropMap) -> bool {
        props
            .get("LockedHint")
            .and_then(|v| v.0.as_u64())
            .is_some_and(|b| b != 0)
    }
}

/// Starts listening on `bus` and calls `on_event` (on a thread of its own) for every event. An error
/// says the events cannot be watched here (no bus, or not implemented on this system); the app then
/// relies on its idle lock.
pub fn watch(
    bus: Bus,
    on_event: impl Fn(SessionEvent) + Send + Sync + 'static,
) -> Result<(), String> {
    #[cfg(target_os = "linux")]
    {
        linux::watch(bus, Box::new(on_event))
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (bus, on_event);
        Err("nog niet op dit besturingssysteem".into())
    }
}

#[cfg(all(test, target_os = "linux"))]
pub(crate) mod tests {
    use super::*;
    use std::io::{BufRead, BufReader};
    use std::process::{Child, Command, Stdio};
    use std::sync::mpsc;
    use std::time::Duration;

    /// A private D-Bus daemon for one test, killed when dropped.
    pub(crate) struct PrivateBus {
        child: Child,
        pub address: String,
        _dir: tempfile::TempDir,
    }

    impl PrivateBus {
        pub(crate) fn start() -> PrivateBus {
            let dir = tempfile::tempdir().unwrap();
            let mut child = Command::new("dbus-daemon")
                .arg("--session")
                .arg("--nofork")
                .arg("--print-address=1")
                .arg(format!(
                    "--address=unix:path={}",
                    dir.path().join("bus").display()
                ))
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("dbus-daemon is installed (apt-get install dbus)");
            let mut line = String::new();
            BufReader::new(child.stdout.take().unwrap())
                .read_line(&mut line)
                .unwrap();
            PrivateBus {
                child,
                address: line.trim().to_string(),
                _dir: dir,
            }
        }

        /// Sends a signal the way logind would (`dbus-send`, a separate client on the bus).
        pub(crate) fn send(&self, path: &str, member: &str, args: &[&str]) {
            let status = Command::new("dbus-send")
                .arg(format!("--bus={}", self.address))
                .arg("--type=signal")
                .arg(path)
                .arg(member)
                .args(args)
                .status()
                .expect("dbus-send is installed");
            assert!(status.success());
        }
    }

    impl Drop for PrivateBus {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    #[test]
    fn logind_signals_on_a_private_bus_arrive_as_events() {
        let bus = PrivateBus::start();
        let (tx, rx) = mpsc::channel();
        let tx = std::sync::Mutex::new(tx);
        watch(Bus::Address(bus.address.clone()), move |e| {
            let _ = tx.lock().unwrap().send(e);
        })
        .unwrap();
        let next = || rx.recv_timeout(Duration::from_secs(10)).unwrap();
        bus.send(
            "/org/freedesktop/login1",
            "org.freedesktop.login1.Manager.PrepareForSleep",
            &["boolean:true"],
        );
        assert_eq!(next(), SessionEvent::Sleeping);
        bus.send(
            "/org/freedesktop/login1",
            "org.freedesktop.login1.Manager.PrepareForSleep",
            &["boolean:false"],
        );
        assert_eq!(next(), SessionEvent::Woke);
        bus.send(
            "/org/freedesktop/login1/session/_32",
            "org.freedesktop.login1.Session.Lock",
            &[],
        );
        assert_eq!(next(), SessionEvent::Locked);
        // GNOME and KDE set the session's LockedHint when the screen locks.
        {
            use dbus::arg::{PropMap, RefArg, Variant};
            use dbus::blocking::stdintf::org_freedesktop_dbus::PropertiesPropertiesChanged;
            use dbus::channel::Channel;
            use dbus::message::SignalArgs;
            let mut channel = Channel::open_private(&bus.address).unwrap();
            channel.register().unwrap();
            let mut changed = PropMap::new();
            changed.insert(
                "LockedHint".into(),
                Variant(Box::new(true) as Box<dyn RefArg>),
            );
            let signal = PropertiesPropertiesChanged {
                interface_name: "org.freedesktop.login1.Session".into(),
                changed_properties: changed,
                invalidated_properties: Vec::new(),
            };
            let path = dbus::Path::new("/org/freedesktop/login1/session/_32").unwrap();
            channel.send(signal.to_emit_message(&path)).unwrap();
            channel.flush();
        }
        assert_eq!(next(), SessionEvent::Locked);
        // Another interface's signal of the same name is not ours.
        bus.send("/org/example", "org.example.Other.Lock", &[]);
        assert!(rx.recv_timeout(Duration::from_millis(500)).is_err());
    }

    use crate::idle::BootTime;
    use crate::{AppState, LockReason};
    use dossierkluis::{Context, KdfParams, Passphrase, Vault};
    use std::sync::Arc;

    const PASS: &str = "lange wachtwoordzin voor tests";

    fn open_state() -> (tempfile::TempDir, Arc<AppState>) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("kluis");
        let state = Arc::new(AppState::new(
            dir.clone(),
            KdfParams::INSECURE_FAST,
            Context::system(),
        ));
        let (mut vault, _) = Vault::create(
            &dir,
            &Passphrase::new(PASS),
            KdfParams::INSECURE_FAST,
            Context::system(),
        )
        .unwrap();
        vault
            .store_mut()
            .set_backup_folder(Some(&tmp.path().join("back-ups")))
            .unwrap();
        state.install(vault);
        (tmp, state)
    }

    fn wait_locked(state: &AppState) -> crate::state::LockNote {
        for _ in 0..200 {
            if let Some(note) = state.last_lock().filter(|n| !n.closing) {
                assert!(!state.is_open());
                return note;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the vault did not lock");
    }

    #[test]
    fn sleep_and_a_locked_session_lock_the_vault_with_the_automatic_backup() {
        let bus = PrivateBus::start();
        let (tmp, state) = open_state();
        let s = state.clone();
        watch(Bus::Address(bus.address.clone()), move |e| {
            s.on_session_event(e, BootTime::now())
        })
        .unwrap();
        assert!(state.is_open());
        bus.send(
            "/org/freedesktop/login1",
            "org.freedesktop.login1.Manager.PrepareForSleep",
            &["boolean:true"],
        );
        let note = wait_locked(&state);
        assert_eq!(note.reason, LockReason::Sleep);
        let file = note
            .backup_file
            .expect("the automatic backup ran, as on idle");
        assert!(tmp.path().join("back-ups").join(file).is_file());

        let vault = Vault::open(
            &tmp.path().join("kluis"),
            &Passphrase::new(PASS),
            Context::system(),
        )
        .unwrap();
        state.install(vault);
        bus.send(
            "/org/freedesktop/login1/session/_32",
            "org.freedesktop.login1.Session.Lock",
            &[],
        );
        assert_eq!(wait_locked(&state).reason, LockReason::Sleep);
    }

    /// Waking up after the idle time passed asleep locks at once (the clock counts sleep; the wake
    /// event checks without waiting for the next idle check); waking up sooner does not.
    #[test]
    fn idle_time_that_passed_asleep_locks_on_wake() {
        let (_tmp, state) = open_state();
        let before_sleep = BootTime::now();
        state.on_session_event(SessionEvent::Woke, before_sleep + Duration::from_secs(60));
        assert!(state.is_open(), "a minute asleep: still open");
        state.on_session_event(
            SessionEvent::Woke,
            before_sleep + Duration::from_secs(11 * 60),
        );
        assert!(
            !state.is_open(),
            "eleven minutes asleep (limit 10): locked on wake"
        );
        assert_eq!(state.last_lock().unwrap().reason, LockReason::Idle);
    }
}

//! When the app locks itself. The window only reports activity (a key, a click, a command); this
//! decides, from a clock the caller passes in, so the rule is tested without a window or real
//! waiting. The limit comes from the practice settings (`idle_lock_minutes`, default 10).
//!
//! The clock is [`BootTime`]: time since boot **including time asleep** (`CLOCK_BOOTTIME` on Linux,
//! `CLOCK_MONOTONIC` on macOS, which counts sleep there; `Instant` on Windows, whose performance
//! counter counts it too). Rust's `Instant` on Linux stops while the laptop sleeps, so a laptop closed
//! for an hour would wake with the idle time barely begun; with this clock it wakes past the limit and
//! the next check (at once on wake, see `crate::session`) locks.

use std::time::Duration;

/// A point on the clock that counts sleep: the time since boot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct BootTime(Duration);

impl BootTime {
    /// Now, on the clock that counts sleep.
    pub fn now() -> BootTime {
        BootTime(since_boot())
    }

    pub fn from_duration(d: Duration) -> BootTime {
        BootTime(d)
    }

    pub fn saturating_duration_since(self, earlier: BootTime) -> Duration {
        self.0.saturating_sub(earlier.0)
    }
}

impl std::ops::Add<Duration> for BootTime {
    type Output = BootTime;
    fn add(self, d: Duration) -> BootTime {
        BootTime(self.0 + d)
    }
}

#[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
fn since_boot() -> Duration {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    const CLOCK: libc::clockid_t = libc::CLOCK_BOOTTIME;
    #[cfg(target_os = "macos")]
    const CLOCK: libc::clockid_t = libc::CLOCK_MONOTONIC;
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; clock_gettime only writes it.
    let rc = unsafe { libc::clock_gettime(CLOCK, &mut ts) };
    assert_eq!(rc, 0, "the boot clock is always readable");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "macos")))]
fn since_boot() -> Duration {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed()
}

/// The shortest and longest idle time the app accepts, whatever the settings say: a zero would lock
/// while typing, and an open vault on an unattended laptop for more than a working day is a leak.
pub const MIN_MINUTES: u32 = 1;
pub const MAX_MINUTES: u32 = 480;

/// The idle clock of the open vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdleTimer {
    last_activity: BootTime,
    limit: Duration,
}

impl IdleTimer {
    /// Starts counting at `now` with a limit of `minutes` (clamped to [`MIN_MINUTES`]..=[`MAX_MINUTES`]).
    pub fn new(now: BootTime, minutes: u32) -> Self {
        Self {
            last_activity: now,
            limit: limit_of(minutes),
        }
    }

    /// The person did something at `now`. Reports from the past (out of order) never shorten the time.
    pub fn touch(&mut self, now: BootTime) {
        if now > self.last_activity {
            self.last_activity = now;
        }
    }

    /// The settings changed; counting goes on from the last activity.
    pub fn set_minutes(&mut self, minutes: u32) {
        self.limit = limit_of(minutes);
    }

    /// Whether the vault must be locked at `now`.
    pub fn is_due(&self, now: BootTime) -> bool {
        now.saturating_duration_since(self.last_activity) >= self.limit
    }

    /// Time left before the lock, for the window's "locks in …" hint.
    pub fn remaining(&self, now: BootTime) -> Duration {
        self.limit
            .saturating_sub(now.saturating_duration_since(self.last_activity))
    }
}

fn limit_of(minutes: u32) -> Duration {
    Duration::from_secs(u64::from(minutes.clamp(MIN_MINUTES, MAX_MINUTES)) * 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);

    /// On Linux the clock is the kernel's boot time with sleep, the one `/proc/uptime` shows.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_clock_counts_from_boot_like_proc_uptime() {
        let uptime: f64 = std::fs::read_to_string("/proc/uptime")
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let ours = BootTime::now().0.as_secs_f64();
        assert!((ours - uptime).abs() < 2.0, "{ours} vs {uptime}");
    }

    #[test]
    fn locks_exactly_when_the_idle_time_has_passed() {
        let start = BootTime::now();
        let timer = IdleTimer::new(start, 10);
        assert!(!timer.is_due(start + (10 * MIN - Duration::from_millis(1))));
        assert!(
            timer.is_due(start + 10 * MIN),
            "ten quiet minutes lock the vault"
        );
        assert_eq!(timer.remaining(start + 4 * MIN), 6 * MIN);
    }

    #[test]
    fn activity_restarts_the_count() {
        let start = BootTime::now();
        let mut timer = IdleTimer::new(start, 10);
        timer.touch(start + 9 * MIN);
        assert!(
            !timer.is_due(start + 15 * MIN),
            "typing at minute 9 keeps the vault open until minute 19"
        );
        assert!(timer.is_due(start + 19 * MIN));
    }

    #[test]
    fn a_late_report_of_old_activity_does_not_move_the_clock_back() {
        let start = BootTime::now();
        let mut timer = IdleTimer::new(start, 10);
        timer.touch(start + 5 * MIN);
        timer.touch(start + 2 * MIN);
        assert!(!timer.is_due(start + 14 * MIN));
        assert!(timer.is_due(start + 15 * MIN));
    }

    #[test]
    fn settings_outside_the_sane_range_are_clamped() {
        let start = BootTime::now();
        let zero = IdleTimer::new(start, 0);
        assert!(
            !zero.is_due(start + Duration::from_secs(30)),
            "0 minutes must not lock the vault while the person types"
        );
        let mut huge = IdleTimer::new(start, u32::MAX);
        assert!(
            huge.is_due(start + 480 * MIN),
            "never more than 8 hours open unattended"
        );
        huge.set_minutes(2);
        assert!(
            huge.is_due(start + 2 * MIN),
            "a new setting applies at once"
        );
    }
}

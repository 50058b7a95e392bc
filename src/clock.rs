//! Where "now" comes from. Domain code never asks the system clock itself, so tests, the CLI's
//! `--today` and the retention simulation can drive time.

use chrono::{DateTime, Local, NaiveDate, Utc};

pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
    /// Today's date where the practice is (the laptop's local date).
    fn today(&self) -> NaiveDate;
}

/// The laptop's own clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
    fn today(&self) -> NaiveDate {
        Local::now().date_naive()
    }
}

/// A clock that always says the same instant; for tests and simulations.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl FixedClock {
    /// Noon UTC on `date`, so the local date is the same date everywhere in Europe.
    pub fn on(date: NaiveDate) -> Self {
        FixedClock(date.and_hms_opt(12, 0, 0).expect("noon exists").and_utc())
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
    fn today(&self) -> NaiveDate {
        self.0.date_naive()
    }
}

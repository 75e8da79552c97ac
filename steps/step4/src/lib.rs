//! Step 4: jobs are kept in an in-memory store and get unique IDs.
//!
//! Step 3's jobs lived only as long as the variable that held them. Here a
//! global store keeps a copy of every job: [`Job::new`] saves the new job
//! under a unique, timestamp-based ID, [`Job::process`] saves each change of
//! status, and [`get_job`] reads a copy back. The page that reads beside
//! this file is `docs/step4-storage-layer.md`.

use std::collections::HashMap;
use std::error::Error;
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

use chrono::Utc;

/// One value in a job's payload.
///
/// Go stores payload values as `interface{}` and the reader asserts a type
/// at run time. Rust names the kinds of value a payload may hold, so every
/// reader must say what it does with each kind, and the compiler checks it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A piece of text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A number with a fractional part.
    Float(f64),
    /// A yes-or-no flag.
    Bool(bool),
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Value::Text(text.to_string())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Self {
        Value::Text(text)
    }
}

impl From<i64> for Value {
    fn from(number: i64) -> Self {
        Value::Int(number)
    }
}

impl From<f64> for Value {
    fn from(number: f64) -> Self {
        Value::Float(number)
    }
}

impl From<bool> for Value {
    fn from(flag: bool) -> Self {
        Value::Bool(flag)
    }
}

/// The data a job carries, by name: Go's `map[string]interface{}`.
pub type Payload = HashMap<String, Value>;

/// What a handler returns when it fails: any error, boxed.
///
/// Go's `error` is an interface; `Box<dyn Error>` is Rust's closest match.
/// `Send + Sync` lets the error cross threads, as it must once workers run
/// jobs in parallel (Go's step 10).
pub type HandlerError = Box<dyn Error + Send + Sync>;

/// Why processing a job failed.
///
/// Go wraps the cause into a new error with `fmt.Errorf("... %w", err)`.
/// Here the cause is a field, and `thiserror` generates the `Display` text
/// from `#[error]` and `source()` from `#[source]`.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// The handler returned an error, which is kept as this error's source.
    ///
    /// The message leaves the cause out on purpose: whoever reports the
    /// error walks `source()` and prints each cause once.
    #[error("error handling process")]
    Handler(#[source] HandlerError),
}

/// A unit of work: what to do (`kind`), with what (`payload`), and how far
/// it has got (`status`).
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// The job's identifier.
    pub id: String,
    /// What sort of job this is: Go's `Type` field (`type` is a keyword in
    /// Rust).
    pub kind: String,
    /// The data the job works on.
    pub payload: Payload,
    /// `"pending"`, `"processing"`, `"completed"` or `"failed"`.
    ///
    /// Every status is a string literal, so a `&'static str` (a pointer to
    /// text baked into the program) is enough: setting it copies two words
    /// and allocates nothing, as a Go string does. A typed status comes with
    /// the Go tutorial's step 6.
    pub status: &'static str,
}

impl Job {
    /// Creates a pending job of kind `"default"` with an empty payload,
    /// and saves it.
    ///
    /// The ID is `job_` and the time in nanoseconds since 1970, as in Go,
    /// raised where needed so that IDs never repeat and always increase in
    /// creation order, even when the clock repeats a reading or steps back.
    ///
    /// # Panics
    ///
    /// If the system clock reads a date before 1677 or after 2262: such a
    /// time does not fit in nanoseconds as an `i64`. Go's `UnixNano` returns
    /// a wrong number there instead.
    #[expect(
        clippy::new_without_default,
        reason = "new() saves the job to the store; Default must not"
    )]
    pub fn new() -> Job {
        let job = Job {
            id: new_id(),
            kind: "default".to_string(),
            payload: Payload::new(),
            status: "pending",
        };

        // Saved at once, as Go's `NewJob` does. A new ID is in no store yet,
        // so there is nothing to look up or update: the copy and its key are
        // made before the lock is taken, which is held only to insert them.
        let (key, copy) = (job.id.clone(), job.clone());
        storage().insert(key, copy);
        job
    }

    /// Runs `handler` on the payload and records the outcome in `status`.
    ///
    /// The status is `"processing"` while the handler runs, then
    /// `"completed"`, or `"failed"` when the handler returns an error.
    /// Each status is saved to the store as it is set.
    ///
    /// The handler is taken by value as `impl FnOnce`, so a closure that
    /// captures or changes its variables, a reference to a closure, and a
    /// plain `fn` all fit.
    ///
    /// # Errors
    ///
    /// [`JobError::Handler`] when the handler fails; its source is the
    /// handler's error.
    pub fn process(
        &mut self,
        handler: impl FnOnce(&Payload) -> Result<(), HandlerError>,
    ) -> Result<(), JobError> {
        self.status = "processing";
        save_job(self);

        // No lock is held while the handler runs: `save_job` released it.
        // So the handler may call `get_job` or `save_job` itself, and a
        // handler that panics leaves the store as it was.
        if let Err(err) = handler(&self.payload) {
            self.status = "failed";
            save_job(self);
            return Err(JobError::Handler(err));
        }

        self.status = "completed";
        save_job(self);
        Ok(())
    }
}

/// Every saved job, by ID.
///
/// Go declares `var jobStorage = make(map[string]*Job)` and any goroutine may
/// touch it. Rust refuses to compile a global that several threads could
/// change at once, so the map sits behind a `Mutex`. `OnceLock` builds that
/// `Mutex` on first use, because a `HashMap` cannot be made at compile time.
static JOB_STORAGE: OnceLock<Mutex<HashMap<String, Job>>> = OnceLock::new();

/// Locks the store and returns its guard; the lock is released when the
/// guard is dropped.
fn storage() -> MutexGuard<'static, HashMap<String, Job>> {
    JOB_STORAGE
        .get_or_init(|| Mutex::new(HashMap::new()))
        .lock()
        // A thread that panics while holding the lock marks it "poisoned".
        // Each change made under this lock is one map call, or a copy into
        // one stored job that only a failed allocation could interrupt (and
        // that aborts the process rather than panicking). So the data is
        // still good: take it back instead of failing every later call.
        .unwrap_or_else(PoisonError::into_inner)
}

/// Saves a copy of `job`, replacing any job saved under the same ID.
///
/// Go stores the `*Job` pointer itself, so every later change to the job
/// shows in the store at once. The store here keeps its own copy: a change
/// reaches it only through `save_job`, and no caller can change a stored
/// job behind the lock's back.
pub fn save_job(job: &Job) {
    let mut store = storage();
    match store.get_mut(&job.id) {
        // An update, as `process` makes. `clone_from` copies into the
        // buffers the stored job already has, and the stored key stays: a
        // change of status allocates and frees nothing under the lock. A
        // derived `Clone` would build a whole new `Job` instead, so the
        // fields are named here; the pattern has no `..`, so a new field
        // will not compile until it is copied too.
        Some(stored) => {
            let Job {
                id: _,
                kind,
                payload,
                status,
            } = stored;
            kind.clone_from(&job.kind);
            payload.clone_from(&job.payload);
            *status = job.status;
        }
        // Not stored yet: a job built by hand, or saved after a clear.
        None => {
            store.insert(job.id.clone(), job.clone());
        }
    }
}

/// Returns a copy of the job saved under `id`, or `None` if there is none.
///
/// Go returns `(*Job, bool)`; `Option<Job>` carries the same two answers in
/// one value that cannot be read without checking which it is.
pub fn get_job(id: &str) -> Option<Job> {
    storage().get(id).cloned()
}

/// Removes every saved job.
///
/// The store is shared by the whole process, tests included: a test that
/// clears it can wipe jobs that a test on another thread has just saved.
pub fn clear_storage() {
    storage().clear();
}

/// The last ID number handed out; see `next_id`.
static LAST_ID: Mutex<i64> = Mutex::new(i64::MIN);

/// Returns a new job ID built from the system clock.
fn new_id() -> String {
    let now = Utc::now()
        .timestamp_nanos_opt()
        .expect("the clock reads a date outside the years 1677 to 2262");
    let mut last = LAST_ID.lock().unwrap_or_else(PoisonError::into_inner);
    next_id(now, &mut last)
}

/// Returns the ID for clock reading `now` and records it in `last`.
///
/// A clock can repeat a reading (on macOS it counts microseconds, on Windows
/// steps of 100 ns) or step backwards when it is corrected, so `now` alone
/// could give two jobs one ID, and the second save would overwrite the
/// first. The number used is the larger of `now` and one past the last
/// number issued: IDs never repeat and increase in creation order. The
/// caller holds a lock on `last`, so threads take their turns.
fn next_id(now: i64, last: &mut i64) -> String {
    let number = now.max(*last + 1);
    *last = number;
    format!("job_{number}")
}

#[cfg(test)]
mod tests {
    use super::next_id;

    /// Feeds `next_id` simulated clock readings, starting from no IDs yet.
    fn ids_for(readings: &[i64]) -> Vec<String> {
        let mut last = i64::MIN;
        readings
            .iter()
            .map(|&now| next_id(now, &mut last))
            .collect()
    }

    #[test]
    fn next_id_follows_a_clock_that_moves_forward() {
        assert_eq!(ids_for(&[1000, 2000]), ["job_1000", "job_2000"]);
    }

    #[test]
    fn next_id_stays_unique_when_the_clock_repeats_a_reading() {
        let ids = ids_for(&[1000, 1000, 1000]);

        assert_eq!(ids, ["job_1000", "job_1001", "job_1002"]);
    }

    #[test]
    fn next_id_keeps_increasing_when_the_clock_steps_back() {
        let ids = ids_for(&[1000, 999, 1000]);

        assert_eq!(ids, ["job_1000", "job_1001", "job_1002"]);
    }

    #[test]
    fn next_id_catches_up_with_the_clock_after_a_burst() {
        let ids = ids_for(&[1000, 1000, 1000, 5000]);

        assert_eq!(ids[3], "job_5000");
    }
}

//! Step 3: a failing handler fails the job, and the caller hears of it.
//!
//! Step 2 threw the handler's error away. Here `process` marks the job
//! `"processing"` while the handler runs, then `"completed"` or `"failed"`,
//! and returns a [`JobError`] that keeps the handler's error as its source:
//! Go's `%w`. The page that reads beside this file is
//! `docs/step3-error-handling.md`.

use std::collections::HashMap;
use std::error::Error;

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
    /// Creates a pending job of kind `"default"` with an empty payload.
    ///
    /// Every job gets the same ID, `"unique-job-id"`: the Go step's flaw,
    /// kept on purpose. Step 4 gives each job its own.
    pub fn new() -> Job {
        Job {
            id: "unique-job-id".to_string(),
            kind: "default".to_string(),
            payload: Payload::new(),
            status: "pending",
        }
    }

    /// Runs `handler` on the payload and records the outcome in `status`.
    ///
    /// The status is `"processing"` while the handler runs, then
    /// `"completed"`, or `"failed"` when the handler returns an error.
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

        if let Err(err) = handler(&self.payload) {
            self.status = "failed";
            return Err(JobError::Handler(err));
        }

        self.status = "completed";
        Ok(())
    }
}

impl Default for Job {
    fn default() -> Self {
        Job::new()
    }
}

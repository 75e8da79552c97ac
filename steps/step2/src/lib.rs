//! Step 2: the caller chooses how a job is handled.
//!
//! Step 1's `process` always ran the same built-in handler. Here `process`
//! takes the handler as an argument: a closure or a function, the Rust
//! equivalent of Go's `HandlerFunc`. The page that reads beside this file is
//! `docs/step2-configurable-handlers.md`.

use std::collections::HashMap;
use std::convert::Infallible;
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
    /// `"pending"` or `"completed"`.
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

    /// Marks the job completed and calls `handler` once with the payload.
    ///
    /// The handler is taken by value as `impl FnOnce`, so a closure that
    /// captures or changes its variables, a reference to a closure, and a
    /// plain `fn` all fit.
    ///
    /// # Errors
    ///
    /// None: like the Go step, this one throws the handler's error away and
    /// reports success. The error type [`Infallible`] has no values, so the
    /// signature says so. Step 3 returns the handler's error.
    pub fn process(
        &mut self,
        handler: impl FnOnce(&Payload) -> Result<(), HandlerError>,
    ) -> Result<(), Infallible> {
        self.status = "completed";

        // Go drops the handler's error without a word. A Rust `Result` is
        // `#[must_use]`, so dropping it has to be written down: `let _ =`.
        let _ = handler(&self.payload);

        Ok(())
    }
}

impl Default for Job {
    fn default() -> Self {
        Job::new()
    }
}

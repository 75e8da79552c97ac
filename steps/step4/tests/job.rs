//! Tests of the job's public API, from outside the crate as Go's
//! `goqueue_test` package tests it.
//!
//! Every test in this file shares one global store with the others, and the
//! test runner runs them at the same time on several threads. Go's tests
//! call `ClearStorage()` first; here that would wipe the jobs of a test
//! running beside it. So no test here clears the store or counts what is in
//! it: each one creates its own jobs, whose IDs no other test knows, and
//! looks up only those. The test of `clear_storage` runs in a process of its
//! own: `tests/clear_storage.rs`.

use pretty_assertions::assert_eq;
use std::collections::HashSet;
use std::error::Error;
use std::panic::{self, AssertUnwindSafe};
use std::thread;
use std::time::{SystemTime, UNIX_EPOCH};

use step4::{HandlerError, Job, JobError, Payload, Value, get_job, save_job};

// Go: t.Run("should be pending when created", ...)
#[test]
fn new_job_is_pending() {
    let job = Job::new();

    assert_eq!(job.status, "pending");
}

#[test]
fn new_job_has_a_timestamp_id_default_kind_and_empty_payload() {
    let job = Job::new();

    let number = id_number(&job);
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let minute = 60 * 1_000_000_000;
    assert!((number - now.as_nanos() as i64).abs() < minute, "{number}");
    assert_eq!(job.kind, "default");
    assert_eq!(job.payload, Payload::new());
}

// Go: t.Run("should save and retrieve job", ...)
#[test]
fn new_job_is_saved_and_can_be_retrieved() {
    let job = Job::new();

    let retrieved = get_job(&job.id).expect("new() saved the job");

    assert_eq!(retrieved, job);
}

// Go: t.Run("should persist status changes after processing", ...)
#[test]
fn process_persists_status_changes() {
    let mut job = Job::new();

    job.process(|_| Ok(())).unwrap();

    let retrieved = get_job(&job.id).expect("job is in the store");
    assert_eq!(retrieved.status, "completed");
}

#[test]
fn process_persists_failed_status_when_handler_errors() {
    let mut job = Job::new();

    let _ = job.process(|_| Err("boom".into()));

    assert_eq!(get_job(&job.id).unwrap().status, "failed");
}

#[test]
fn handler_sees_processing_status_in_the_store() {
    let mut job = Job::new();
    let id = job.id.clone();
    let mut seen = None;

    job.process(|_| {
        seen = get_job(&id).map(|stored| stored.status);
        Ok(())
    })
    .unwrap();

    assert_eq!(seen, Some("processing"));
}

#[test]
fn handler_may_save_other_jobs_without_deadlock() {
    let mut job = Job::new();
    let mut other = Job::new();

    job.process(|_| {
        other.status = "completed";
        save_job(&other);
        Ok(())
    })
    .unwrap();

    assert_eq!(get_job(&other.id).unwrap().status, "completed");
}

#[test]
fn panicking_handler_leaves_the_store_usable() {
    let mut job = Job::new();

    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        job.process(|_| panic!("bug in handler"))
    }));

    assert!(outcome.is_err(), "the handler's panic reaches the caller");
    let after = Job::new();
    assert_eq!(get_job(&after.id), Some(after));
    assert_eq!(get_job(&job.id).unwrap().status, "processing");
}

#[test]
fn store_keeps_a_snapshot_until_the_job_is_saved_again() {
    let mut job = Job::new();

    job.kind = "email".to_string();
    let before_save = get_job(&job.id).unwrap();
    save_job(&job);
    let after_save = get_job(&job.id).unwrap();

    assert_eq!(before_save.kind, "default");
    assert_eq!(after_save.kind, "email");
}

#[test]
fn save_job_updates_every_field_of_a_stored_job() {
    let mut job = Job::new();
    job.kind = "email".to_string();
    job.payload
        .insert("to".to_string(), Value::from("ada@example.com"));
    job.status = "failed";

    save_job(&job);
    let saved = job.clone();
    job.kind.push_str(" later");
    job.payload.clear();

    assert_eq!(get_job(&saved.id), Some(saved));
}

#[test]
fn changing_a_retrieved_copy_leaves_the_store_unchanged() {
    let job = Job::new();

    let mut copy = get_job(&job.id).unwrap();
    copy.status = "failed";

    assert_eq!(get_job(&job.id).unwrap().status, "pending");
}

#[test]
fn get_job_of_an_unknown_id_is_none() {
    let long = "x".repeat(1 << 20);
    let unknown = [
        "",
        "job_0",
        "no such job",
        long.as_str(),
        "jób_\u{0}🦀\u{202e}",
    ];

    for id in unknown {
        assert_eq!(get_job(id), None, "{id:.20}");
    }
}

#[test]
fn ids_are_unique_across_threads_and_increase_within_each() {
    let per_thread: Vec<Vec<i64>> = thread::scope(|scope| {
        let workers: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(|| {
                    (0..2000).map(|_| id_number(&Job::new())).collect()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });

    let all: HashSet<i64> = per_thread.iter().flatten().copied().collect();
    assert_eq!(all.len(), 4 * 2000, "some IDs repeat");
    for numbers in &per_thread {
        assert!(numbers.is_sorted(), "IDs decrease within one thread");
    }
}

// Go: processing with a handler that returns nil gives no error and
// status "completed".
#[test]
fn process_marks_job_completed_when_handler_succeeds() {
    let mut job = Job::new();

    let result = job.process(|_| Ok(()));

    assert!(result.is_ok());
    assert_eq!(job.status, "completed");
}

// Go: a handler returning an error gives an error and status "failed".
#[test]
fn process_marks_job_failed_when_handler_errors() {
    let mut job = Job::new();

    let result = job.process(|_| Err("card declined".into()));

    assert!(matches!(result, Err(JobError::Handler(_))));
    assert_eq!(job.status, "failed");
}

#[test]
fn process_error_says_what_failed_and_keeps_the_cause_as_source() {
    let mut job = Job::new();

    let err = job.process(|_| Err("boom".into())).unwrap_err();

    assert_eq!(err.to_string(), "error handling process");
    let source = err.source().expect("the handler's error is the source");
    assert_eq!(source.to_string(), "boom");
}

#[test]
fn walking_the_error_chain_reports_the_cause_once() {
    let mut job = Job::new();

    let err = job.process(|_| Err("boom".into())).unwrap_err();

    let mut report = err.to_string();
    let mut cause = err.source();
    while let Some(inner) = cause {
        report.push_str(": ");
        report.push_str(&inner.to_string());
        cause = inner.source();
    }
    assert_eq!(report, "error handling process: boom");
}

#[test]
fn job_error_can_cross_threads() {
    fn assert_send_sync_static<T: Send + Sync + 'static>() {}

    assert_send_sync_static::<JobError>();
}

#[test]
fn handler_receives_the_job_payload() {
    let mut job = Job::new();
    job.payload.insert("amount".to_string(), Value::from(9.5));
    let mut seen = None;

    let _ = job.process(|payload| {
        seen = payload.get("amount").cloned();
        Ok(())
    });

    assert_eq!(seen, Some(Value::Float(9.5)));
}

#[test]
fn process_calls_a_counting_closure_exactly_once() {
    let mut job = Job::new();
    let mut calls = 0;

    let _ = job.process(|_| {
        calls += 1;
        Ok(())
    });

    assert_eq!(calls, 1);
}

#[test]
fn process_accepts_a_closure_that_moves_out_of_its_capture() {
    let mut job = Job::new();
    let receipt = String::from("receipt-42");
    let mut sent = Vec::new();

    let _ = job.process(|_| {
        sent.push(receipt); // moves `receipt`: only an FnOnce may do this
        Ok(())
    });

    assert_eq!(sent, ["receipt-42"]);
}

#[test]
#[expect(
    clippy::needless_borrows_for_generic_args,
    reason = "the claim is that a borrowed closure is accepted"
)]
fn process_accepts_a_named_function_and_a_borrowed_closure() {
    fn succeed(_: &Payload) -> Result<(), HandlerError> {
        Ok(())
    }
    let shared = |_: &Payload| -> Result<(), HandlerError> { Ok(()) };
    let mut first = Job::new();
    let mut second = Job::new();

    let _ = first.process(succeed);
    let _ = second.process(&shared);

    assert_eq!(first.status, "completed");
    assert_eq!(second.status, "completed");
}

#[test]
fn values_convert_from_plain_rust_values() {
    assert_eq!(Value::from("a"), Value::Text("a".to_string()));
    assert_eq!(Value::from("b".to_string()), Value::Text("b".to_string()));
    assert_eq!(Value::from(7_i64), Value::Int(7));
    assert_eq!(Value::from(2.5), Value::Float(2.5));
    assert_eq!(Value::from(true), Value::Bool(true));
}

#[test]
fn job_can_be_sent_and_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}

    assert_send_sync::<Job>();
}

/// The number in a job ID such as `job_1733320000000000000`.
fn id_number(job: &Job) -> i64 {
    job.id["job_".len()..].parse().expect("ID is job_<number>")
}

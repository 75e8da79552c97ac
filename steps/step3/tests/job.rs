//! Tests of the job's public API, from outside the crate as Go's
//! `goqueue_test` package tests it.

use pretty_assertions::assert_eq;
use std::error::Error;

use step3::{HandlerError, Job, JobError, Payload, Value};

// Go: t.Run("should be pending when created", ...)
#[test]
fn new_job_is_pending() {
    let job = Job::new();

    assert_eq!(job.status, "pending");
}

#[test]
fn new_job_has_the_fixed_id_default_kind_and_empty_payload() {
    let job = Job::new();

    let expected = Job {
        id: "unique-job-id".to_string(),
        kind: "default".to_string(),
        payload: Payload::new(),
        status: "pending",
    };
    assert_eq!(job, expected);
}

#[test]
fn every_job_shares_one_id() {
    let first = Job::new();
    let second = Job::new();

    assert_eq!(first.id, second.id);
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

//! Tests of the job's public API, from outside the crate as Go's
//! `goqueue_test` package tests it.

use pretty_assertions::assert_eq;
use step1::{Job, Payload, Value};

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

#[test]
fn process_marks_job_completed() {
    let mut job = Job::new();

    let result = job.process();

    assert!(result.is_ok());
    assert_eq!(job.status, "completed");
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

//! The course's story, told as assertions across the four steps: each step
//! fixes one flaw of the step before it.

use std::error::Error;

use pretty_assertions::assert_eq;

#[test]
fn step1_gives_every_job_the_same_fixed_id() {
    let first = step1::Job::new();
    let second = step1::Job::new();

    assert_eq!(first.id, "unique-job-id");
    assert_eq!(second.id, first.id);
}

#[test]
fn step2_completes_a_job_whose_handler_failed() {
    let mut job = step2::Job::new();

    let result = job.process(|_| Err("card declined".into()));

    assert!(result.is_ok());
    assert_eq!(job.status, "completed");
}

#[test]
fn step3_fails_the_job_and_returns_the_handler_error_as_source() {
    let mut job = step3::Job::new();

    let err = job.process(|_| Err("card declined".into())).unwrap_err();

    assert_eq!(job.status, "failed");
    assert_eq!(err.to_string(), "error handling process");
    assert_eq!(err.source().unwrap().to_string(), "card declined");
}

#[test]
fn step4_stores_each_status_and_gives_jobs_unique_ids() {
    let mut done = step4::Job::new();
    let mut failed = step4::Job::new();

    done.process(|_| Ok(())).unwrap();
    let _ = failed.process(|_| Err("card declined".into()));

    assert_ne!(done.id, failed.id);
    assert_eq!(step4::get_job(&done.id).unwrap().status, "completed");
    assert_eq!(step4::get_job(&failed.id).unwrap().status, "failed");
}

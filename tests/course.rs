//! The course's story, told as assertions across the four steps (each step
//! fixes one flaw of the step before it), and the rule that keeps step 4's
//! tests honest about their shared store.

use std::error::Error;
use std::fs;
use std::path::Path;

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

/// Step 4's tests run on parallel threads of one process and share one
/// global store, so a test that clears it can wipe the jobs another test has
/// just saved. Only `tests/clear_storage.rs`, a process of its own with a
/// single test, may clear.
#[test]
fn only_step4s_isolated_test_binary_clears_the_store() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("steps/step4/tests");

    for entry in fs::read_dir(&tests).unwrap() {
        let path = entry.unwrap().path();
        let source = fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();

        if name == "clear_storage.rs" {
            assert_eq!(source.matches("#[test]").count(), 1, "{name}");
        } else {
            assert!(!source.contains("clear_storage("), "{name} clears");
        }
    }
}

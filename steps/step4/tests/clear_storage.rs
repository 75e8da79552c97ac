//! The test of `clear_storage`, alone in its own test binary.
//!
//! Clearing the global store would wipe the jobs of any test running at the
//! same time on another thread. Cargo runs each file in `tests/` as a
//! separate process, one after another, so the clear here cannot reach the
//! tests in `job.rs`. Keep this file to this one test.

use step4::{Job, clear_storage, get_job};

#[test]
fn clear_storage_removes_every_saved_job() {
    let first = Job::new();
    let second = Job::new();

    clear_storage();

    assert_eq!(get_job(&first.id), None);
    assert_eq!(get_job(&second.id), None);
}

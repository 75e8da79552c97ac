//! Creates two jobs and processes one: both carry the same fixed ID.

use step1::Job;

fn main() {
    let mut job = Job::new();
    let other = Job::new();
    let before = job.status;

    // `process` cannot fail in this step, so its `Ok(())` is matched away.
    let Ok(()) = job.process();
    println!("{} {before} → {}", job.id, job.status);

    println!("another new job has the same ID: {}", other.id);
}

//! Creates two jobs, processes one that succeeds and one that fails, reads
//! both back from the store and shows what `clear_storage` does.

use std::error::Error;

use step4::{Job, clear_storage, get_job};

fn main() {
    let mut email = Job::new();
    let mut charge = Job::new();
    println!("created {} and {}", email.id, charge.id);

    // Each handler looks the job up in the store while it runs, and so sees
    // the status that `process` saved before calling it.
    let before = email.status;
    let mut during = "";
    let id = email.id.clone();
    let result = email.process(|_| {
        during = status_in_store(&id);
        Ok(())
    });
    if result.is_ok() {
        println!("{id} {before} → {during} → {}", email.status);
    }

    let before = charge.status;
    let id = charge.id.clone();
    let result = charge.process(|_| {
        during = status_in_store(&id);
        Err("card declined".into())
    });
    if let Err(err) = result {
        println!("{id} {before} → {during} → {}", charge.status);
        println!("reason: {}", report(&err));
    }

    for id in [&email.id, &charge.id] {
        println!("store: {id} is {}", status_in_store(id));
    }

    clear_storage();
    println!(
        "after clear_storage: {} is {}",
        email.id,
        status_in_store(&email.id)
    );
}

/// The status of the job saved under `id`, or "missing".
fn status_in_store(id: &str) -> &'static str {
    get_job(id).map_or("missing", |job| job.status)
}

/// Joins an error and each of its causes with ": ", as Go code that wraps
/// with `"…: %w"` prints them.
fn report(err: &dyn Error) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(inner) = cause {
        text = format!("{text}: {inner}");
        cause = inner.source();
    }
    text
}

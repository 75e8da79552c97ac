//! Creates two jobs, processes one that succeeds and one that fails, reads
//! both back from the store and shows what `clear_storage` does.

use std::error::Error;

use step4::{Job, clear_storage, get_job};

fn main() {
    let mut email = Job::new();
    let mut charge = Job::new();
    println!("created {} and {}", email.id, charge.id);

    if email.process(|_| Ok(())).is_ok() {
        println!("{} pending → processing → {}", email.id, email.status);
    }

    if let Err(err) = charge.process(|_| Err("card declined".into())) {
        println!("{} pending → processing → {}", charge.id, charge.status);
        println!("reason: {}", report(&err));
    }

    for id in [&email.id, &charge.id] {
        match get_job(id) {
            Some(job) => println!("store: {} is {}", job.id, job.status),
            None => println!("store: {id} is missing"),
        }
    }

    clear_storage();
    println!(
        "after clear_storage: {} is {}",
        email.id,
        match get_job(&email.id) {
            Some(_) => "still there",
            None => "gone",
        }
    );
}

/// Joins an error and each of its causes with ": ", as Go's `%w` chain
/// prints.
fn report(err: &dyn Error) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(inner) = cause {
        text = format!("{text}: {inner}");
        cause = inner.source();
    }
    text
}

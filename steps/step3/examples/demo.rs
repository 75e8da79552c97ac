//! Processes one job whose handler succeeds and one whose handler fails,
//! and reports the failure with its cause.

use std::error::Error;

use step3::Job;

fn main() {
    let mut email = Job::new();
    let before = email.status;
    match email.process(|_| Ok(())) {
        Ok(()) => println!("{} {before} → {}", email.id, email.status),
        Err(err) => println!("unexpected: {err}"),
    }

    // "processing" is set while the handler runs, but nothing outside the
    // job can see it yet: step 4 saves it where a reader can look.
    let mut charge = Job::new();
    let before = charge.status;
    if let Err(err) = charge.process(|_| Err("card declined".into())) {
        println!("{} {before} → {}", charge.id, charge.status);
        println!("reason: {}", report(&err));
    }
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

//! Processes two jobs with handlers chosen by the caller; the second
//! handler fails, and the failure is lost, as in the Go step.

use step2::{Job, Value};

fn main() {
    let mut email = Job::new();
    email
        .payload
        .insert("email".to_string(), Value::from("ada@example.com"));

    let before = email.status;
    let Ok(()) = email.process(|payload| {
        if let Some(Value::Text(address)) = payload.get("email") {
            println!("handler: sending email to {address}");
        }
        Ok(())
    });
    println!("{} {before} → {}", email.id, email.status);

    let mut charge = Job::new();
    let before = charge.status;
    let Ok(()) = charge.process(|_| {
        println!("handler: returning Err(\"card declined\")");
        Err("card declined".into())
    });
    println!(
        "{} {before} → {} (the handler failed; nobody was told)",
        charge.id, charge.status
    );
}

//! Measures what step 4's store costs: nanoseconds per operation and
//! resident bytes per stored job, beside a Go twin of the same workload.
//!
//! Run it with `cargo run --release -p step4 --example bench`; the Go twin
//! runs with `cd docs/store-bench-go && go run ./cmd/bench`. Both print the
//! same rows, and the step 4 page sets them side by side.
//!
//! Every run happens in a fresh child process (this program started again
//! with `--child`), so each one starts from an empty store and a fresh heap:
//! `clear_storage` keeps the map's capacity, which would spare later runs
//! the cost of growing it, while Go's `ClearStorage` makes a new map. The
//! table shows the median of the runs.

use std::env;
use std::hint::black_box;
use std::process::{self, Command};
use std::thread;
use std::time::Instant;

use step4::{Job, get_job};

/// How many jobs each run creates, unless `--jobs` says otherwise.
const JOBS: usize = 200_000;

/// How many runs each row takes its median from, unless `--runs` says
/// otherwise.
const RUNS: usize = 7;

/// The rows of the table: what one run measures.
const WORKLOADS: [Workload; 5] = [
    Workload::Create,
    Workload::GetProcess,
    Workload::Mix(1),
    Workload::Mix(2),
    Workload::Mix(4),
];

/// One measured workload.
#[derive(Clone, Copy)]
enum Workload {
    /// `Job::new()`, which builds an ID and saves the job.
    Create,
    /// `get_job` of a stored job, then `process` with a handler that
    /// succeeds.
    GetProcess,
    /// Create, process and read back, shared among this many threads.
    Mix(usize),
}

impl Workload {
    /// The name of the row, the same as in the Go twin's table.
    fn label(self) -> String {
        match self {
            Workload::Create => "Job::new()".to_string(),
            Workload::GetProcess => "get_job + process".to_string(),
            Workload::Mix(1) => "mix, 1 thread".to_string(),
            Workload::Mix(threads) => format!("mix, {threads} threads"),
        }
    }

    /// The word that names this workload on a child's command line.
    fn arg(self) -> String {
        match self {
            Workload::Create => "create".to_string(),
            Workload::GetProcess => "get-process".to_string(),
            Workload::Mix(threads) => format!("mix{threads}"),
        }
    }

    /// The workload a child's command line names, if any.
    fn from_arg(arg: &str) -> Option<Workload> {
        WORKLOADS.into_iter().find(|w| w.arg() == arg)
    }
}

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let jobs = flag(&args, "--jobs").unwrap_or(JOBS);
    let runs = flag(&args, "--runs").unwrap_or(RUNS);

    if let Some(position) = args.iter().position(|a| a == "--child") {
        let workload = args
            .get(position + 1)
            .and_then(|name| Workload::from_arg(name))
            .unwrap_or_else(|| fail("--child needs a workload name"));
        let (nanos, bytes) = run(workload, jobs);
        println!("{nanos} {}", bytes.unwrap_or(-1.0));
        return;
    }

    let mut nanos = vec![Vec::new(); WORKLOADS.len()];
    let mut bytes = Vec::new();
    // Runs of different rows take turns, so that a burst of load on the
    // machine spreads over all the rows instead of spoiling one.
    for _ in 0..runs {
        for (row, workload) in WORKLOADS.into_iter().enumerate() {
            let (ns, mem) = run_in_child(workload, jobs);
            nanos[row].push(ns);
            if let Workload::Create = workload {
                bytes.push(mem);
            }
        }
    }

    println!("step 4 store, Rust: {jobs} jobs per run, median of {runs} runs");
    println!();
    println!("{:<24} {:>8}", "operation", "ns/op");
    for (workload, mut samples) in WORKLOADS.into_iter().zip(nanos) {
        println!("{:<24} {:>8.0}", workload.label(), median(&mut samples));
    }
    let per_job = median(&mut bytes);
    if per_job < 0.0 {
        println!("{:<24} {:>8}", "bytes per stored job", "n/a");
    } else {
        println!("{:<24} {:>8.0}", "bytes per stored job", per_job);
    }
}

/// Runs one workload in a fresh copy of this program and returns what it
/// measured: nanoseconds per operation, and resident bytes per stored job
/// (negative where unknown).
fn run_in_child(workload: Workload, jobs: usize) -> (f64, f64) {
    let exe = env::current_exe().unwrap_or_else(|e| fail(&e.to_string()));
    let output = Command::new(exe)
        .args(["--jobs", &jobs.to_string(), "--child", &workload.arg()])
        .output()
        .unwrap_or_else(|e| fail(&e.to_string()));
    if !output.status.success() {
        fail(&String::from_utf8_lossy(&output.stderr));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut numbers = text.split_whitespace().map(|n| n.parse::<f64>());
    match (numbers.next(), numbers.next()) {
        (Some(Ok(nanos)), Some(Ok(bytes))) => (nanos, bytes),
        _ => fail(&format!("a child printed {text:?}")),
    }
}

/// Runs one workload on `jobs` jobs in this process and returns nanoseconds
/// per operation and, for [`Workload::Create`] on Linux, resident bytes per
/// stored job.
fn run(workload: Workload, jobs: usize) -> (f64, Option<f64>) {
    match workload {
        Workload::Create => {
            let before = resident_bytes();
            let start = Instant::now();
            for _ in 0..jobs {
                black_box(Job::new());
            }
            let nanos = per_job(start.elapsed().as_nanos() as f64, jobs);
            let grown = resident_bytes()
                .zip(before)
                .map(|(after, before)| per_job(after - before, jobs));
            (nanos, grown)
        }
        Workload::GetProcess => {
            let ids: Vec<String> = (0..jobs).map(|_| Job::new().id).collect();
            let start = Instant::now();
            for id in &ids {
                let mut job = get_job(id).expect("the job was saved");
                job.process(|_| Ok(())).expect("the handler succeeds");
                black_box(job);
            }
            (per_job(start.elapsed().as_nanos() as f64, jobs), None)
        }
        Workload::Mix(threads) => {
            let start = Instant::now();
            let ids: Vec<Vec<String>> = thread::scope(|scope| {
                let workers: Vec<_> = (0..threads)
                    .map(|_| scope.spawn(|| mix(jobs / threads)))
                    .collect();
                workers.into_iter().map(|w| w.join().unwrap()).collect()
            });
            let nanos = per_job(start.elapsed().as_nanos() as f64, jobs);

            let mut all: Vec<&String> = ids.iter().flatten().collect();
            all.sort_unstable();
            all.dedup();
            assert_eq!(all.len(), jobs / threads * threads, "IDs repeated");
            (nanos, None)
        }
    }
}

/// Creates, processes and reads back `count` jobs; returns their IDs.
fn mix(count: usize) -> Vec<String> {
    let mut ids = Vec::with_capacity(count);
    for _ in 0..count {
        let mut job = Job::new();
        job.process(|_| Ok(())).expect("the handler succeeds");
        let stored = get_job(&job.id).expect("the job was saved");
        assert_eq!(stored.status, "completed");
        ids.push(job.id);
    }
    ids
}

/// This process's resident memory in bytes, from `/proc/self/status`
/// (Linux only).
fn resident_bytes() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024.0)
}

/// `total` divided among `jobs`.
fn per_job(total: f64, jobs: usize) -> f64 {
    total / jobs as f64
}

/// The middle value of `samples` (the lower middle for an even count).
fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[(samples.len() - 1) / 2]
}

/// The number after `name` on the command line, if it is there.
fn flag(args: &[String], name: &str) -> Option<usize> {
    let position = args.iter().position(|a| a == name)?;
    let value = args.get(position + 1)?;
    Some(value.parse().unwrap_or_else(|_| fail("expected a number")))
}

/// Prints `message` and exits with a failure status.
fn fail(message: &str) -> ! {
    eprintln!("bench: {message}");
    process::exit(1);
}

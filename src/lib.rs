//! Checks that tie the course together; not a lesson.
//!
//! The checks live in `tests/`. README.md and the pages under `docs/` are
//! included below only while rustdoc tests them, so that each of their Rust
//! blocks is compiled and run as a doctest.

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
mod readme {}

#[cfg(doctest)]
#[doc = include_str!("../CONTRIBUTING.md")]
mod contributing {}

#[cfg(doctest)]
#[doc = include_str!("../docs/README.md")]
mod docs_readme {}

#[cfg(doctest)]
#[doc = include_str!("../docs/step1-basic-job-processing.md")]
mod step1_page {}

#[cfg(doctest)]
#[doc = include_str!("../docs/step2-configurable-handlers.md")]
mod step2_page {}

#[cfg(doctest)]
#[doc = include_str!("../docs/step3-error-handling.md")]
mod step3_page {}

#[cfg(doctest)]
#[doc = include_str!("../docs/step4-storage-layer.md")]
mod step4_page {}

#[cfg(doctest)]
#[doc = include_str!("../docs/go-to-rust.md")]
mod go_to_rust_page {}

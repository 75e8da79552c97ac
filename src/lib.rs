//! Checks that tie the course together; not a lesson.
//!
//! The checks live in `tests/`. README.md and the pages under `docs/` are
//! included below only while rustdoc tests them, so that each of their Rust
//! blocks is compiled and run as a doctest.

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
mod readme {}

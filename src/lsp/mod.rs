//! The language server (placeholder until the server module lands).
pub fn run_stdio() {}

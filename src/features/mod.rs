//! Features computed on the model for editors: the outline so far.

pub mod completion;
pub mod navigation;
pub mod outline;

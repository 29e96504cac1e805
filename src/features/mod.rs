//! Features computed on the model for editors: the outline so far.

pub mod completion;
pub mod navigation;
pub mod outline;
pub mod format;
pub mod tokens;
pub mod folding;
pub mod selection;
pub mod inlay;
pub mod links;
pub mod hover;

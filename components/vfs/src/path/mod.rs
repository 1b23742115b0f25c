//! Paths: splitting them and resolving them in the mount tree.

mod split;
mod walk;

pub(crate) use walk::{is_symlink, Last, Resolver};

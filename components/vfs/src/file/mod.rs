//! Open file descriptions reached by path, and directory records.

mod dirent;
mod open_file;

pub use open_file::OpenFile;

//! Splitting a path into components, with Linux's length limits.

use kernel_core::services::vfs::{NAME_MAX, PATH_MAX};
use kernel_core::Errno;

/// One component of a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Component<'p> {
    /// `.`
    Dot,
    /// `..`
    DotDot,
    /// Any other name.
    Normal(&'p [u8]),
}

impl<'p> Component<'p> {
    fn parse(name: &'p [u8]) -> Self {
        match name {
            b"." => Component::Dot,
            b".." => Component::DotDot,
            _ => Component::Normal(name),
        }
    }
}

/// Refuses an empty path (`ENOENT`) and one that does not fit `PATH_MAX` with its NUL
/// (`ENAMETOOLONG`).
pub(crate) fn check_path(path: &[u8]) -> Result<(), Errno> {
    if path.is_empty() {
        Err(Errno::ENOENT)
    } else if path.len() >= PATH_MAX {
        Err(Errno::ENAMETOOLONG)
    } else {
        Ok(())
    }
}

/// Refuses a name longer than `NAME_MAX` (`ENAMETOOLONG`).
pub(crate) fn check_name(name: &[u8]) -> Result<(), Errno> {
    if name.len() > NAME_MAX {
        Err(Errno::ENAMETOOLONG)
    } else {
        Ok(())
    }
}

/// The components of `path`, empty ones (from `//`) skipped.
pub(crate) fn components(path: &[u8]) -> impl DoubleEndedIterator<Item = Component<'_>> {
    path.split(|byte| *byte == b'/')
        .filter(|name| !name.is_empty())
        .map(Component::parse)
}

/// Whether `path` ends in `/` after at least one component (`a/`, not `/`).
pub(crate) fn has_trailing_slash(path: &[u8]) -> bool {
    path.last() == Some(&b'/') && path.iter().any(|byte| *byte != b'/')
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn splits_and_classifies() {
        let parts: Vec<_> = components(b"//a/./b/../c//").collect();
        assert_eq!(
            parts,
            [
                Component::Normal(b"a"),
                Component::Dot,
                Component::Normal(b"b"),
                Component::DotDot,
                Component::Normal(b"c")
            ]
        );
        assert_eq!(components(b"///").count(), 0);
        assert!(has_trailing_slash(b"a/"));
        assert!(!has_trailing_slash(b"/"));
        assert!(!has_trailing_slash(b"a"));
    }

    #[test]
    fn limits() {
        assert_eq!(check_path(b""), Err(Errno::ENOENT));
        assert_eq!(check_path(&[b'a'; 4095]), Ok(()));
        assert_eq!(check_path(&[b'a'; 4096]), Err(Errno::ENAMETOOLONG));
        assert_eq!(check_name(&[b'a'; 255]), Ok(()));
        assert_eq!(check_name(&[b'a'; 256]), Err(Errno::ENAMETOOLONG));
    }
}

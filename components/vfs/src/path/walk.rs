//! Path resolution (Linux's `path_resolution(7)`): components, `.`/`..`, mounts, symlinks.

use super::split::{check_name, check_path, components, has_trailing_slash, Component};
use crate::mount::{Location, MountTable};
use crate::perm::{self, MAY_EXEC};
use alloc::vec::Vec;
use kernel_core::services::vfs::{Credentials, FileType, MAX_SYMLINKS};
use kernel_core::sync::SpinLock;
use kernel_core::Errno;

/// The last component of a path, which the operation itself deals with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Last {
    /// An ordinary name.
    Normal(Vec<u8>),
    /// `.`
    Dot,
    /// `..`
    DotDot,
    /// The path was `/` (or only slashes): no last component.
    Root,
}

/// A path resolved up to its last component.
pub(crate) struct Parent {
    /// The directory holding the last component (search permission checked).
    pub dir: Location,
    /// The last component.
    pub last: Last,
    /// Whether the path ended with `/` (the result must be a directory).
    pub trailing_slash: bool,
}

/// Resolves paths for one system call: one caller, one root, one symlink budget.
pub(crate) struct Resolver<'a> {
    mounts: &'a SpinLock<MountTable>,
    credentials: &'a Credentials,
    root: Location,
    base: Option<Location>,
    links_followed: u32,
}

impl<'a> Resolver<'a> {
    /// A resolver starting relative paths at `base` (`None`: relative paths are `ENOTDIR`).
    pub fn new(
        mounts: &'a SpinLock<MountTable>,
        credentials: &'a Credentials,
        root: Location,
        base: Option<Location>,
    ) -> Self {
        Self {
            mounts,
            credentials,
            root,
            base,
            links_followed: 0,
        }
    }

    /// Resolves `path` from the base; `follow` says whether a symlink last component is
    /// followed (a trailing slash always follows).
    pub fn resolve(&mut self, path: &[u8], follow: bool) -> Result<Location, Errno> {
        let parent = self.parent(path)?;
        self.finish(parent, follow)
    }

    /// Resolves every component of `path` but the last (following symlinks on the way).
    pub fn parent(&mut self, path: &[u8]) -> Result<Parent, Errno> {
        let base = self.base.clone();
        self.walk_to_parent(base.as_ref(), path)
    }

    /// Resolves the last component of `parent`; `follow` as in [`Resolver::resolve`].
    pub fn finish(&mut self, parent: Parent, follow: bool) -> Result<Location, Errno> {
        Ok(self.finish_named(parent, follow)?.0)
    }

    /// [`Resolver::finish`], also giving the directory and name the result was found under
    /// (after following links; `None` for `.`, `..` and `/`).
    #[allow(clippy::type_complexity)]
    pub fn finish_named(
        &mut self,
        mut parent: Parent,
        follow: bool,
    ) -> Result<(Location, Option<(Location, Vec<u8>)>), Errno> {
        loop {
            let (location, name) = match &parent.last {
                Last::Root | Last::Dot => (parent.dir.clone(), None),
                Last::DotDot => (self.dotdot(&parent.dir)?, None),
                Last::Normal(name) => {
                    let child = self.lookup(&parent.dir, name)?;
                    if is_symlink(&child) && (follow || parent.trailing_slash) {
                        let trailing = parent.trailing_slash;
                        parent = self.follow_link(&parent.dir, &child)?;
                        parent.trailing_slash |= trailing;
                        continue;
                    }
                    (child, Some((parent.dir.clone(), name.clone())))
                }
            };
            if parent.trailing_slash && location.inode.file_type() != FileType::Directory {
                return Err(Errno::ENOTDIR);
            }
            return Ok((location, name));
        }
    }

    /// Counts one more symlink traversal, reads `link` and resolves its target up to its last
    /// component, relative to `dir` (the directory holding the link).
    pub fn follow_link(&mut self, dir: &Location, link: &Location) -> Result<Parent, Errno> {
        self.count_link()?;
        let target = link.inode.readlink()?;
        self.walk_to_parent(Some(dir), &target)
    }

    /// The entry `name` of directory `dir`, with any mount on it crossed.
    pub fn lookup(&self, dir: &Location, name: &[u8]) -> Result<Location, Errno> {
        Ok(self.cross_mounts(self.lookup_uncrossed(dir, name)?))
    }

    /// The entry `name` of `dir` in `dir`'s own mount (what unlink and rename act on).
    pub fn lookup_uncrossed(&self, dir: &Location, name: &[u8]) -> Result<Location, Errno> {
        check_name(name)?;
        let inode = dir.inode.lookup(name)?;
        Ok(Location::new(dir.mount.clone(), inode))
    }

    fn count_link(&mut self) -> Result<(), Errno> {
        self.links_followed += 1;
        if self.links_followed > MAX_SYMLINKS {
            Err(Errno::ELOOP)
        } else {
            Ok(())
        }
    }

    fn walk_to_parent(&mut self, start: Option<&Location>, path: &[u8]) -> Result<Parent, Errno> {
        check_path(path)?;
        let mut current = if path[0] == b'/' {
            self.root.clone()
        } else {
            start.cloned().ok_or(Errno::ENOTDIR)?
        };
        // Pending components, next on top; expanded symlinks push their targets' components.
        let mut pending: Vec<Last> = components(path).rev().map(to_last).collect();
        if pending.is_empty() {
            return Ok(Parent {
                dir: current,
                last: Last::Root,
                trailing_slash: false,
            });
        }
        let last = pending.remove(0);
        while let Some(component) = pending.pop() {
            self.search(&current)?;
            match component {
                Last::Normal(name) => {
                    let child = self.lookup(&current, &name)?;
                    if is_symlink(&child) {
                        self.count_link()?;
                        let target = child.inode.readlink()?;
                        check_path(&target)?;
                        if target[0] == b'/' {
                            current = self.root.clone();
                        }
                        pending.extend(components(&target).rev().map(to_last));
                    } else {
                        current = child;
                    }
                }
                Last::DotDot => current = self.dotdot(&current)?,
                Last::Dot | Last::Root => {}
            }
        }
        self.search(&current)?;
        if let Last::Normal(name) = &last {
            check_name(name)?;
        }
        Ok(Parent {
            dir: current,
            last,
            trailing_slash: has_trailing_slash(path),
        })
    }

    /// `ENOTDIR` unless `dir` is a directory; `EACCES` without search permission.
    fn search(&self, dir: &Location) -> Result<(), Errno> {
        let meta = dir.inode.metadata();
        if !meta.is_dir() {
            return Err(Errno::ENOTDIR);
        }
        perm::check(&meta, self.credentials, MAY_EXEC)
    }

    /// `..` of `location`: stays at the caller's root and at the top of the tree, climbs out
    /// of a mount to the directory it covers, and enters any mount on the result.
    pub fn dotdot(&self, location: &Location) -> Result<Location, Errno> {
        let mut current = location.clone();
        loop {
            if current.same(&self.root) {
                return Ok(current);
            }
            if !current.is_mount_root() {
                break;
            }
            match &current.mount.parent {
                Some((mount, inode)) => current = Location::new(mount.clone(), inode.clone()),
                None => return Ok(current),
            }
        }
        let parent = current.inode.lookup(b"..")?;
        Ok(self.cross_mounts(Location::new(current.mount.clone(), parent)))
    }

    fn cross_mounts(&self, mut location: Location) -> Location {
        loop {
            let covering = self
                .mounts
                .lock()
                .covering(location.mount.id, location.ino());
            match covering {
                Some(mount) => {
                    let root = mount.root.clone();
                    location = Location::new(mount, root);
                }
                None => return location,
            }
        }
    }
}

fn to_last(component: Component<'_>) -> Last {
    match component {
        Component::Dot => Last::Dot,
        Component::DotDot => Last::DotDot,
        Component::Normal(name) => Last::Normal(name.to_vec()),
    }
}

/// Whether the location is a symbolic link.
pub(crate) fn is_symlink(location: &Location) -> bool {
    location.inode.file_type() == FileType::Symlink
}

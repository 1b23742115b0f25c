//! Credentials (`struct cred`): real, effective, saved and filesystem IDs, supplementary
//! groups and capability sets, with the `set*id` rules of `kernel/sys.c` and `kernel/groups.c`.
//!
//! Lichen keeps one set per process. Linux keeps one per thread, but glibc and musl apply
//! `set*id` to every thread of a process (the `SIGSETXID` broadcast), so the two agree for
//! programs using the libc wrappers.

pub mod capability;
mod setid;

pub use capability::{Capability, CapabilitySet, CAP_LAST_CAP};
pub use setid::{INVALID_ID, NGROUPS_MAX};

use alloc::vec::Vec;
use kernel_core::services::process::FileIdentity;

/// A process's credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    /// Real user ID.
    pub uid: u32,
    /// Effective user ID.
    pub euid: u32,
    /// Saved set-user-ID.
    pub suid: u32,
    /// Filesystem user ID.
    pub fsuid: u32,
    /// Real group ID.
    pub gid: u32,
    /// Effective group ID.
    pub egid: u32,
    /// Saved set-group-ID.
    pub sgid: u32,
    /// Filesystem group ID.
    pub fsgid: u32,
    groups: Vec<u32>,
    /// Inheritable capabilities.
    pub cap_inheritable: CapabilitySet,
    /// Permitted capabilities.
    pub cap_permitted: CapabilitySet,
    /// Effective capabilities: what permission checks use.
    pub cap_effective: CapabilitySet,
    /// The bounding set.
    pub cap_bounding: CapabilitySet,
}

impl Credentials {
    /// `init_cred`: everything 0, all capabilities permitted and effective, none inheritable.
    pub fn root() -> Self {
        Self {
            uid: 0,
            euid: 0,
            suid: 0,
            fsuid: 0,
            gid: 0,
            egid: 0,
            sgid: 0,
            fsgid: 0,
            groups: Vec::new(),
            cap_inheritable: CapabilitySet::EMPTY,
            cap_permitted: CapabilitySet::FULL,
            cap_effective: CapabilitySet::FULL,
            cap_bounding: CapabilitySet::FULL,
        }
    }

    /// An unprivileged user: all IDs `uid`/`gid`, no capabilities (what root gets after
    /// `setresuid(uid, uid, uid)` and `setresgid(gid, gid, gid)` with `uid != 0`).
    pub fn user(uid: u32, gid: u32) -> Self {
        let mut creds = Self::root();
        creds.uid = uid;
        creds.euid = uid;
        creds.suid = uid;
        creds.fsuid = uid;
        creds.gid = gid;
        creds.egid = gid;
        creds.sgid = gid;
        creds.fsgid = gid;
        if uid != 0 {
            creds.cap_permitted = CapabilitySet::EMPTY;
            creds.cap_effective = CapabilitySet::EMPTY;
        }
        creds
    }

    /// The supplementary groups, sorted (`groups_sort`).
    pub fn groups(&self) -> &[u32] {
        &self.groups
    }

    /// Whether `cap` is effective (`capable`).
    pub fn capable(&self, cap: Capability) -> bool {
        self.cap_effective.contains(cap)
    }

    /// `in_group_p`: the filesystem group or a supplementary group is `gid`.
    pub fn in_group(&self, gid: u32) -> bool {
        self.fsgid == gid || self.groups.binary_search(&gid).is_ok()
    }

    /// `in_egroup_p`: the effective group or a supplementary group is `gid`.
    pub fn in_egroup(&self, gid: u32) -> bool {
        self.egid == gid || self.groups.binary_search(&gid).is_ok()
    }

    /// The identity file permission checks use.
    pub fn file_identity(&self) -> FileIdentity {
        FileIdentity {
            fsuid: self.fsuid,
            fsgid: self.fsgid,
            groups: self.groups.clone(),
            capabilities: self.cap_effective.bits(),
        }
    }

    /// The credential change of `execve` (`bprm_fill_uid`, `cap_bprm_creds_from_file` with no
    /// file capabilities): `setuid_owner`/`setgid_owner` are the file's owner for a set-user-ID
    /// file and for a set-group-ID, group-executable file. Saved and filesystem IDs follow the
    /// effective ones; capabilities become all-or-nothing by root (`pP' = bset | pI` if the real
    /// or effective uid is 0, `pE' = pP'` only if the effective uid is 0). Returns `secureexec`
    /// (`AT_SECURE`).
    pub fn exec_transition(
        &mut self,
        setuid_owner: Option<u32>,
        setgid_owner: Option<u32>,
    ) -> bool {
        let old_uid = self.uid;
        let old_gid = self.gid;
        if let Some(owner) = setuid_owner {
            self.euid = owner;
        }
        if let Some(owner) = setgid_owner {
            self.egid = owner;
        }
        let root = self.euid == 0 || self.uid == 0;
        self.cap_permitted = if root {
            self.cap_bounding.union(self.cap_inheritable)
        } else {
            CapabilitySet::EMPTY
        };
        let effective = self.euid == 0;
        self.cap_effective = if effective {
            self.cap_permitted
        } else {
            CapabilitySet::EMPTY
        };
        let is_setid = self.euid != old_uid || self.egid != old_gid;
        self.suid = self.euid;
        self.fsuid = self.euid;
        self.sgid = self.egid;
        self.fsgid = self.egid;
        is_setid || (self.uid != 0 && effective)
    }
}

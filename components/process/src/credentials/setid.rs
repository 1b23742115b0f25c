//! The `set*id`, `setfs*id` and `setgroups` rules (`kernel/sys.c`, `kernel/groups.c`), with
//! the capability fix-ups of `cap_task_fix_setuid`.

use super::capability::{Capability, CapabilitySet};
use super::Credentials;
use alloc::vec::Vec;
use kernel_core::Errno;

/// `(uid_t)-1`: "leave unchanged" in `setre*id`/`setres*id`, invalid elsewhere.
pub const INVALID_ID: u32 = u32::MAX;
/// `NGROUPS_MAX`.
pub const NGROUPS_MAX: usize = 65536;

/// `-1` or an ID equal to `value`.
fn unset_or(id: u32, value: u32) -> bool {
    id == INVALID_ID || id == value
}

impl Credentials {
    /// `cap_emulate_setxuid` (for `setuid`, `setreuid`, `setresuid`).
    fn fix_capabilities_after_setuid(&mut self, old: &Credentials) {
        let old_had_root = old.uid == 0 || old.euid == 0 || old.suid == 0;
        let new_has_root = self.uid == 0 || self.euid == 0 || self.suid == 0;
        if old_had_root && !new_has_root {
            self.cap_permitted = CapabilitySet::EMPTY;
            self.cap_effective = CapabilitySet::EMPTY;
        }
        if old.euid == 0 && self.euid != 0 {
            self.cap_effective = CapabilitySet::EMPTY;
        }
        if old.euid != 0 && self.euid == 0 {
            self.cap_effective = self.cap_permitted;
        }
    }

    /// `setuid(uid)`.
    pub fn setuid(&mut self, uid: u32) -> Result<(), Errno> {
        if uid == INVALID_ID {
            return Err(Errno::EINVAL);
        }
        let old = self.clone();
        if old.capable(Capability::SETUID) {
            self.uid = uid;
            self.suid = uid;
        } else if uid != old.uid && uid != old.suid {
            return Err(Errno::EPERM);
        }
        self.euid = uid;
        self.fsuid = uid;
        self.fix_capabilities_after_setuid(&old);
        Ok(())
    }

    /// `setreuid(ruid, euid)`; `-1` leaves an ID unchanged.
    pub fn setreuid(&mut self, ruid: u32, euid: u32) -> Result<(), Errno> {
        let old = self.clone();
        let privileged = old.capable(Capability::SETUID);
        let mut new = self.clone();
        if ruid != INVALID_ID {
            new.uid = ruid;
            if ruid != old.uid && ruid != old.euid && !privileged {
                return Err(Errno::EPERM);
            }
        }
        if euid != INVALID_ID {
            new.euid = euid;
            if euid != old.uid && euid != old.euid && euid != old.suid && !privileged {
                return Err(Errno::EPERM);
            }
        }
        if ruid != INVALID_ID || (euid != INVALID_ID && euid != old.uid) {
            new.suid = new.euid;
        }
        new.fsuid = new.euid;
        new.fix_capabilities_after_setuid(&old);
        *self = new;
        Ok(())
    }

    /// `setresuid(ruid, euid, suid)`; `-1` leaves an ID unchanged.
    pub fn setresuid(&mut self, ruid: u32, euid: u32, suid: u32) -> Result<(), Errno> {
        let old = self.clone();
        if unset_or(ruid, old.uid)
            && (euid == INVALID_ID || (euid == old.euid && euid == old.fsuid))
            && unset_or(suid, old.suid)
        {
            return Ok(());
        }
        let is_new =
            |id: u32| id != INVALID_ID && id != old.uid && id != old.euid && id != old.suid;
        if (is_new(ruid) || is_new(euid) || is_new(suid)) && !old.capable(Capability::SETUID) {
            return Err(Errno::EPERM);
        }
        if ruid != INVALID_ID {
            self.uid = ruid;
        }
        if euid != INVALID_ID {
            self.euid = euid;
        }
        if suid != INVALID_ID {
            self.suid = suid;
        }
        self.fsuid = self.euid;
        self.fix_capabilities_after_setuid(&old);
        Ok(())
    }

    /// `setfsuid(uid)`: always returns the old filesystem uid; changes it only when allowed.
    /// Leaving uid 0 drops, and reaching it raises, the filesystem capabilities.
    pub fn setfsuid(&mut self, uid: u32) -> u32 {
        let old = self.fsuid;
        if uid == INVALID_ID {
            return old;
        }
        let allowed = uid == self.uid
            || uid == self.euid
            || uid == self.suid
            || uid == self.fsuid
            || self.capable(Capability::SETUID);
        if allowed && uid != old {
            self.fsuid = uid;
            if old == 0 && uid != 0 {
                self.cap_effective = self.cap_effective.difference(CapabilitySet::FS_SET);
            }
            if old != 0 && uid == 0 {
                let raised = self.cap_permitted.intersection(CapabilitySet::FS_SET);
                self.cap_effective = self.cap_effective.union(raised);
            }
        }
        old
    }

    /// `setgid(gid)`.
    pub fn setgid(&mut self, gid: u32) -> Result<(), Errno> {
        if gid == INVALID_ID {
            return Err(Errno::EINVAL);
        }
        if self.capable(Capability::SETGID) {
            self.gid = gid;
            self.egid = gid;
            self.sgid = gid;
            self.fsgid = gid;
        } else if gid == self.gid || gid == self.sgid {
            self.egid = gid;
            self.fsgid = gid;
        } else {
            return Err(Errno::EPERM);
        }
        Ok(())
    }

    /// `setregid(rgid, egid)`; `-1` leaves an ID unchanged.
    pub fn setregid(&mut self, rgid: u32, egid: u32) -> Result<(), Errno> {
        let old = self.clone();
        let privileged = old.capable(Capability::SETGID);
        let mut new = self.clone();
        if rgid != INVALID_ID {
            if rgid == old.gid || rgid == old.egid || privileged {
                new.gid = rgid;
            } else {
                return Err(Errno::EPERM);
            }
        }
        if egid != INVALID_ID {
            if egid == old.gid || egid == old.egid || egid == old.sgid || privileged {
                new.egid = egid;
            } else {
                return Err(Errno::EPERM);
            }
        }
        if rgid != INVALID_ID || (egid != INVALID_ID && egid != old.gid) {
            new.sgid = new.egid;
        }
        new.fsgid = new.egid;
        *self = new;
        Ok(())
    }

    /// `setresgid(rgid, egid, sgid)`; `-1` leaves an ID unchanged.
    pub fn setresgid(&mut self, rgid: u32, egid: u32, sgid: u32) -> Result<(), Errno> {
        let old = self.clone();
        if unset_or(rgid, old.gid)
            && (egid == INVALID_ID || (egid == old.egid && egid == old.fsgid))
            && unset_or(sgid, old.sgid)
        {
            return Ok(());
        }
        let is_new =
            |id: u32| id != INVALID_ID && id != old.gid && id != old.egid && id != old.sgid;
        if (is_new(rgid) || is_new(egid) || is_new(sgid)) && !old.capable(Capability::SETGID) {
            return Err(Errno::EPERM);
        }
        if rgid != INVALID_ID {
            self.gid = rgid;
        }
        if egid != INVALID_ID {
            self.egid = egid;
        }
        if sgid != INVALID_ID {
            self.sgid = sgid;
        }
        self.fsgid = self.egid;
        Ok(())
    }

    /// `setfsgid(gid)`: always returns the old filesystem gid.
    pub fn setfsgid(&mut self, gid: u32) -> u32 {
        let old = self.fsgid;
        if gid == INVALID_ID {
            return old;
        }
        let allowed = gid == self.gid
            || gid == self.egid
            || gid == self.sgid
            || gid == self.fsgid
            || self.capable(Capability::SETGID);
        if allowed {
            self.fsgid = gid;
        }
        old
    }

    /// `setgroups(groups)`: `EPERM` without `CAP_SETGID`, `EINVAL` for more than
    /// `NGROUPS_MAX` entries or a `-1` entry. The list is kept sorted.
    pub fn setgroups(&mut self, groups: &[u32]) -> Result<(), Errno> {
        if !self.capable(Capability::SETGID) {
            return Err(Errno::EPERM);
        }
        if groups.len() > NGROUPS_MAX || groups.contains(&INVALID_ID) {
            return Err(Errno::EINVAL);
        }
        let mut sorted: Vec<u32> = groups.to_vec();
        sorted.sort_unstable();
        self.groups = sorted;
        Ok(())
    }

    /// The checks `setgroups` makes before reading the list: `EPERM` without `CAP_SETGID`,
    /// then `EINVAL` for a count above `NGROUPS_MAX` (a negative one included).
    pub fn check_setgroups(&self, count: i32) -> Result<(), Errno> {
        if !self.capable(Capability::SETGID) {
            return Err(Errno::EPERM);
        }
        if count as u32 as usize > NGROUPS_MAX {
            return Err(Errno::EINVAL);
        }
        Ok(())
    }

    /// `getgroups(size, list)`: the count to return; `EINVAL` for a negative size or a
    /// nonzero one smaller than the count. With a nonzero size the caller copies
    /// [`Credentials::groups`] out.
    pub fn getgroups(&self, size: i32) -> Result<usize, Errno> {
        if size < 0 || (size != 0 && self.groups.len() > size as usize) {
            return Err(Errno::EINVAL);
        }
        Ok(self.groups.len())
    }
}

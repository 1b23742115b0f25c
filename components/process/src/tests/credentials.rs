//! `set*id`, `setfs*id`, groups and capability fix-ups (`kernel/sys.c`, `kernel/groups.c`,
//! `security/commoncap.c`).

use crate::credentials::{Capability, CapabilitySet, Credentials, INVALID_ID, NGROUPS_MAX};
use kernel_core::Errno;

const NONE: u32 = INVALID_ID;

#[test]
fn capability_numbers_match_the_header() {
    // include/uapi/linux/capability.h
    assert_eq!(Capability::CHOWN.number(), 0);
    assert_eq!(Capability::KILL.number(), 5);
    assert_eq!(Capability::SETGID.number(), 6);
    assert_eq!(Capability::SETUID.number(), 7);
    assert_eq!(Capability::SYS_ADMIN.number(), 21);
    assert_eq!(Capability::SYS_RESOURCE.number(), 24);
    assert_eq!(Capability::MKNOD.number(), 27);
    assert_eq!(Capability::MAC_OVERRIDE.number(), 32);
    assert_eq!(Capability::CHECKPOINT_RESTORE.number(), 40);
    assert_eq!(CapabilitySet::FULL.bits(), 0x1ff_ffff_ffff);
    // CAP_FS_MASK_B0 | CAP_FS_MASK_B1 << 32
    assert_eq!(CapabilitySet::FS_SET.bits(), 0x1_0800_001f);
}

#[test]
fn root_setuid_sets_all_four_and_drops_capabilities() {
    let mut c = Credentials::root();
    assert_eq!(c.setuid(1000), Ok(()));
    assert_eq!((c.uid, c.euid, c.suid, c.fsuid), (1000, 1000, 1000, 1000));
    assert_eq!(c.cap_permitted, CapabilitySet::EMPTY);
    assert_eq!(c.cap_effective, CapabilitySet::EMPTY);
    // Now unprivileged: back to 0 is EPERM.
    assert_eq!(c.setuid(0), Err(Errno::EPERM));
    assert_eq!(c.setuid(NONE), Err(Errno::EINVAL));
}

#[test]
fn unprivileged_setuid_may_pick_real_or_saved() {
    let mut c = Credentials::user(1000, 100);
    c.suid = 2000;
    assert_eq!(c.setuid(2000), Ok(()));
    assert_eq!((c.uid, c.euid, c.suid, c.fsuid), (1000, 2000, 2000, 2000));
    assert_eq!(c.setuid(1000), Ok(()));
    assert_eq!(c.euid, 1000);
    assert_eq!(c.setuid(3000), Err(Errno::EPERM));
}

#[test]
fn seteuid_away_from_root_keeps_permitted_and_can_come_back() {
    let mut c = Credentials::root();
    // seteuid(1000) as glibc does it: setresuid(-1, 1000, -1).
    assert_eq!(c.setresuid(NONE, 1000, NONE), Ok(()));
    assert_eq!((c.uid, c.euid, c.suid, c.fsuid), (0, 1000, 0, 1000));
    assert_eq!(c.cap_permitted, CapabilitySet::FULL);
    assert_eq!(c.cap_effective, CapabilitySet::EMPTY);
    assert!(!c.capable(Capability::SETUID));
    // 0 is the real and saved uid, so allowed, and effective comes back from permitted.
    assert_eq!(c.setresuid(NONE, 0, NONE), Ok(()));
    assert_eq!(c.cap_effective, CapabilitySet::FULL);
}

#[test]
fn setreuid_rules() {
    let mut c = Credentials::user(1000, 100);
    c.suid = 3000;
    // ruid may become the effective uid; euid may become real, effective or saved.
    assert_eq!(c.setreuid(NONE, 3000), Ok(()));
    // euid differs from the old real uid: saved becomes the new euid.
    assert_eq!((c.uid, c.euid, c.suid, c.fsuid), (1000, 3000, 3000, 3000));
    assert_eq!(c.setreuid(3000, NONE), Ok(()));
    assert_eq!((c.uid, c.euid, c.suid), (3000, 3000, 3000));
    assert_eq!(c.setreuid(4000, NONE), Err(Errno::EPERM));
    assert_eq!(c.setreuid(NONE, 4000), Err(Errno::EPERM));
    // A failed call changes nothing.
    assert_eq!((c.uid, c.euid, c.suid), (3000, 3000, 3000));
}

#[test]
fn setreuid_swap_keeps_saved_when_euid_equals_old_real() {
    let mut c = Credentials::root();
    c.setresuid(1000, 0, 0).unwrap();
    // setreuid(-1, 1000): new euid equals the old real uid: saved stays.
    assert_eq!(c.setreuid(NONE, 1000), Ok(()));
    assert_eq!((c.uid, c.euid, c.suid), (1000, 1000, 0));
}

#[test]
fn setresuid_noop_and_permission() {
    let mut c = Credentials::user(1000, 100);
    assert_eq!(c.setresuid(NONE, NONE, NONE), Ok(()));
    assert_eq!(c.setresuid(1000, 1000, 1000), Ok(()));
    assert_eq!(c.setresuid(NONE, 0, NONE), Err(Errno::EPERM));
    let mut root = Credentials::root();
    assert_eq!(root.setresuid(1, 2, 3), Ok(()));
    assert_eq!((root.uid, root.euid, root.suid, root.fsuid), (1, 2, 3, 2));
    // All three non-zero: permitted dropped.
    assert_eq!(root.cap_permitted, CapabilitySet::EMPTY);
    // Unprivileged may permute its own ids.
    assert_eq!(root.setresuid(3, 1, 2), Ok(()));
    assert_eq!((root.uid, root.euid, root.suid), (3, 1, 2));
}

#[test]
fn setfsuid_returns_old_and_moves_fs_capabilities() {
    let mut c = Credentials::root();
    assert_eq!(c.setfsuid(1000), 0);
    assert_eq!(c.fsuid, 1000);
    assert!(!c.capable(Capability::DAC_OVERRIDE));
    assert!(!c.capable(Capability::CHOWN));
    assert!(c.capable(Capability::KILL));
    assert_eq!(c.setfsuid(NONE), 1000);
    assert_eq!(c.setfsuid(0), 1000);
    assert!(c.capable(Capability::DAC_OVERRIDE));
    let mut user = Credentials::user(1000, 100);
    assert_eq!(user.setfsuid(0), 1000);
    assert_eq!(user.fsuid, 1000, "not allowed: unchanged");
}

#[test]
fn setgid_family() {
    let mut c = Credentials::user(1000, 100);
    assert_eq!(c.setgid(200), Err(Errno::EPERM));
    assert_eq!(c.setgid(NONE), Err(Errno::EINVAL));
    c.sgid = 300;
    assert_eq!(c.setgid(300), Ok(()));
    assert_eq!((c.gid, c.egid, c.sgid, c.fsgid), (100, 300, 300, 300));
    assert_eq!(c.setregid(300, NONE), Ok(()));
    assert_eq!((c.gid, c.egid, c.sgid), (300, 300, 300));
    assert_eq!(c.setresgid(NONE, 5, NONE), Err(Errno::EPERM));
    assert_eq!(c.setfsgid(7), 300);
    assert_eq!(c.fsgid, 300);
    let mut root = Credentials::root();
    assert_eq!(root.setgid(50), Ok(()));
    assert_eq!(
        (root.gid, root.egid, root.sgid, root.fsgid),
        (50, 50, 50, 50)
    );
    assert_eq!(root.setresgid(1, 2, 3), Ok(()));
    assert_eq!((root.gid, root.egid, root.sgid, root.fsgid), (1, 2, 3, 2));
    // Changing gids never touches capabilities.
    assert!(root.capable(Capability::SETGID));
}

#[test]
fn groups_sorted_limited_and_privileged() {
    let mut root = Credentials::root();
    assert_eq!(root.setgroups(&[30, 10, 20]), Ok(()));
    assert_eq!(root.groups(), &[10, 20, 30]);
    assert!(root.in_group(20) && !root.in_group(21));
    assert_eq!(root.setgroups(&[1, NONE]), Err(Errno::EINVAL));
    assert_eq!(NGROUPS_MAX, 65536);
    assert_eq!(root.check_setgroups(65537), Err(Errno::EINVAL));
    assert_eq!(root.check_setgroups(-1), Err(Errno::EINVAL));
    assert_eq!(root.getgroups(0), Ok(3));
    assert_eq!(root.getgroups(2), Err(Errno::EINVAL));
    assert_eq!(root.getgroups(3), Ok(3));
    assert_eq!(root.getgroups(-1), Err(Errno::EINVAL));
    let mut user = Credentials::user(1, 1);
    assert_eq!(user.setgroups(&[]), Err(Errno::EPERM));
    assert_eq!(
        user.check_setgroups(70000),
        Err(Errno::EPERM),
        "EPERM before EINVAL"
    );
}

#[test]
fn exec_of_setuid_file_and_capabilities() {
    let mut user = Credentials::user(1000, 100);
    assert!(
        user.exec_transition(Some(0), None),
        "setuid-root is a secure exec"
    );
    assert_eq!(
        (user.uid, user.euid, user.suid, user.fsuid),
        (1000, 0, 0, 0)
    );
    assert_eq!(user.cap_effective, CapabilitySet::FULL);
    let mut plain = Credentials::user(1000, 100);
    assert!(!plain.exec_transition(None, None));
    assert_eq!(plain.cap_permitted, CapabilitySet::EMPTY);
    let mut root = Credentials::root();
    assert!(!root.exec_transition(None, None));
    assert_eq!(root.cap_effective, CapabilitySet::FULL);
    // Real root, effective 1000: permitted full, effective empty, saved follows euid.
    let mut half = Credentials::root();
    half.setresuid(NONE, 1000, NONE).unwrap();
    assert!(
        half.exec_transition(None, None),
        "euid differs from ruid: secure"
    );
    assert_eq!(half.cap_permitted, CapabilitySet::FULL);
    assert_eq!(half.cap_effective, CapabilitySet::EMPTY);
    assert_eq!(half.suid, 1000);
}

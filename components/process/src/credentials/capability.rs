//! Capability sets (`include/uapi/linux/capability.h`) and how uid changes move them
//! (`security/commoncap.c`: `cap_emulate_setxuid`, `cap_task_fix_setuid`, exec).

/// One capability, `0..=CAP_LAST_CAP`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Capability(u8);

impl Capability {
    /// `CAP_CHOWN`.
    pub const CHOWN: Capability = Capability(0);
    /// `CAP_DAC_OVERRIDE`.
    pub const DAC_OVERRIDE: Capability = Capability(1);
    /// `CAP_DAC_READ_SEARCH`.
    pub const DAC_READ_SEARCH: Capability = Capability(2);
    /// `CAP_FOWNER`.
    pub const FOWNER: Capability = Capability(3);
    /// `CAP_FSETID`.
    pub const FSETID: Capability = Capability(4);
    /// `CAP_KILL`.
    pub const KILL: Capability = Capability(5);
    /// `CAP_SETGID`.
    pub const SETGID: Capability = Capability(6);
    /// `CAP_SETUID`.
    pub const SETUID: Capability = Capability(7);
    /// `CAP_SETPCAP`.
    pub const SETPCAP: Capability = Capability(8);
    /// `CAP_LINUX_IMMUTABLE`.
    pub const LINUX_IMMUTABLE: Capability = Capability(9);
    /// `CAP_NET_BIND_SERVICE`.
    pub const NET_BIND_SERVICE: Capability = Capability(10);
    /// `CAP_NET_BROADCAST`.
    pub const NET_BROADCAST: Capability = Capability(11);
    /// `CAP_NET_ADMIN`.
    pub const NET_ADMIN: Capability = Capability(12);
    /// `CAP_NET_RAW`.
    pub const NET_RAW: Capability = Capability(13);
    /// `CAP_IPC_LOCK`.
    pub const IPC_LOCK: Capability = Capability(14);
    /// `CAP_IPC_OWNER`.
    pub const IPC_OWNER: Capability = Capability(15);
    /// `CAP_SYS_MODULE`.
    pub const SYS_MODULE: Capability = Capability(16);
    /// `CAP_SYS_RAWIO`.
    pub const SYS_RAWIO: Capability = Capability(17);
    /// `CAP_SYS_CHROOT`.
    pub const SYS_CHROOT: Capability = Capability(18);
    /// `CAP_SYS_PTRACE`.
    pub const SYS_PTRACE: Capability = Capability(19);
    /// `CAP_SYS_PACCT`.
    pub const SYS_PACCT: Capability = Capability(20);
    /// `CAP_SYS_ADMIN`.
    pub const SYS_ADMIN: Capability = Capability(21);
    /// `CAP_SYS_BOOT`.
    pub const SYS_BOOT: Capability = Capability(22);
    /// `CAP_SYS_NICE`.
    pub const SYS_NICE: Capability = Capability(23);
    /// `CAP_SYS_RESOURCE`.
    pub const SYS_RESOURCE: Capability = Capability(24);
    /// `CAP_SYS_TIME`.
    pub const SYS_TIME: Capability = Capability(25);
    /// `CAP_SYS_TTY_CONFIG`.
    pub const SYS_TTY_CONFIG: Capability = Capability(26);
    /// `CAP_MKNOD`.
    pub const MKNOD: Capability = Capability(27);
    /// `CAP_LEASE`.
    pub const LEASE: Capability = Capability(28);
    /// `CAP_AUDIT_WRITE`.
    pub const AUDIT_WRITE: Capability = Capability(29);
    /// `CAP_AUDIT_CONTROL`.
    pub const AUDIT_CONTROL: Capability = Capability(30);
    /// `CAP_SETFCAP`.
    pub const SETFCAP: Capability = Capability(31);
    /// `CAP_MAC_OVERRIDE`.
    pub const MAC_OVERRIDE: Capability = Capability(32);
    /// `CAP_MAC_ADMIN`.
    pub const MAC_ADMIN: Capability = Capability(33);
    /// `CAP_SYSLOG`.
    pub const SYSLOG: Capability = Capability(34);
    /// `CAP_WAKE_ALARM`.
    pub const WAKE_ALARM: Capability = Capability(35);
    /// `CAP_BLOCK_SUSPEND`.
    pub const BLOCK_SUSPEND: Capability = Capability(36);
    /// `CAP_AUDIT_READ`.
    pub const AUDIT_READ: Capability = Capability(37);
    /// `CAP_PERFMON`.
    pub const PERFMON: Capability = Capability(38);
    /// `CAP_BPF`.
    pub const BPF: Capability = Capability(39);
    /// `CAP_CHECKPOINT_RESTORE`.
    pub const CHECKPOINT_RESTORE: Capability = Capability(40);

    /// The capability's number.
    pub const fn number(self) -> u32 {
        self.0 as u32
    }
}

/// `CAP_LAST_CAP` in Linux 6.1.
pub const CAP_LAST_CAP: u32 = 40;

/// A set of capabilities (bit `n` is capability `n`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CapabilitySet(u64);

impl CapabilitySet {
    /// No capabilities.
    pub const EMPTY: CapabilitySet = CapabilitySet(0);
    /// Every capability up to `CAP_LAST_CAP` (`CAP_FULL_SET`).
    pub const FULL: CapabilitySet = CapabilitySet((1u64 << (CAP_LAST_CAP + 1)) - 1);
    /// The capabilities that follow the filesystem uid (`CAP_FS_SET`): CHOWN, DAC_OVERRIDE,
    /// DAC_READ_SEARCH, FOWNER, FSETID, MKNOD, MAC_OVERRIDE.
    pub const FS_SET: CapabilitySet =
        CapabilitySet(1 << 0 | 1 << 1 | 1 << 2 | 1 << 3 | 1 << 4 | 1 << 27 | 1 << 32);

    /// The set with these bits (bits above `CAP_LAST_CAP` are dropped).
    pub const fn from_bits(bits: u64) -> Self {
        CapabilitySet(bits & Self::FULL.0)
    }

    /// The bits.
    pub const fn bits(self) -> u64 {
        self.0
    }

    /// Whether `cap` is in the set.
    pub const fn contains(self, cap: Capability) -> bool {
        self.0 & (1u64 << cap.0) != 0
    }

    /// `self | other`.
    pub const fn union(self, other: CapabilitySet) -> Self {
        CapabilitySet(self.0 | other.0)
    }

    /// `self & other`.
    pub const fn intersection(self, other: CapabilitySet) -> Self {
        CapabilitySet(self.0 & other.0)
    }

    /// `self & !other`.
    pub const fn difference(self, other: CapabilitySet) -> Self {
        CapabilitySet(self.0 & !other.0)
    }
}

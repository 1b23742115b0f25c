//! Version numbers of QEMU, as `--version` prints them and as Debian packages spell them.

use std::fmt;

/// A `major.minor.patch` version; missing parts are zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    /// Major number.
    pub major: u32,
    /// Minor number.
    pub minor: u32,
    /// Patch number.
    pub patch: u32,
}

impl Version {
    /// The oldest QEMU with the `raspi4b` and `imx8mp-evk` machines.
    pub const QEMU_MINIMUM: Version = Version::new(9, 2, 0);

    /// A version from its three numbers.
    pub const fn new(major: u32, minor: u32, patch: u32) -> Self {
        Version {
            major,
            minor,
            patch,
        }
    }

    /// Parses `10.0.2`, `9.2` or `7`; anything after the leading dotted numbers is ignored.
    pub fn parse_dotted(text: &str) -> Option<Self> {
        let numeric_end = text
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(text.len());
        let mut parts = text[..numeric_end]
            .split('.')
            .map(|part| part.parse::<u32>().ok());
        let major = parts.next()??;
        let minor = parts.next().unwrap_or(Some(0))?;
        let patch = parts.next().unwrap_or(Some(0))?;
        Some(Version::new(major, minor, patch))
    }

    /// Parses the first line of `qemu-system-aarch64 --version`:
    /// `QEMU emulator version 10.0.2 (Debian 1:10.0.2+ds-2)`.
    pub fn from_qemu_banner(output: &str) -> Option<Self> {
        let after = output.split_once("version ")?.1;
        Version::parse_dotted(after.trim_start())
    }

    /// Parses the upstream part of a Debian package version: `1:10.0.2+ds-2~bpo12+1` → 10.0.2.
    pub fn from_debian(version: &str) -> Option<Self> {
        let without_epoch = version.split_once(':').map_or(version, |(_, rest)| rest);
        Version::parse_dotted(without_epoch)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// The `Candidate:` version from `apt-cache policy <package>` output; `None` when there is none.
pub fn policy_candidate(policy: &str) -> Option<&str> {
    policy
        .lines()
        .find_map(|line| line.trim().strip_prefix("Candidate:"))
        .map(str::trim)
        .filter(|candidate| *candidate != "(none)" && !candidate.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qemu_banner_versions_are_read() {
        let banner = "QEMU emulator version 10.0.2 (Debian 1:10.0.2+ds-2+deb13u1~bpo12+1)\n\
                      Copyright (c) 2003-2025 Fabrice Bellard and the QEMU Project developers\n";
        assert_eq!(
            Version::from_qemu_banner(banner),
            Some(Version::new(10, 0, 2))
        );
        let old = "QEMU emulator version 7.2.15 (Debian 1:7.2+dfsg-7+deb12u18)";
        assert_eq!(Version::from_qemu_banner(old), Some(Version::new(7, 2, 15)));
        assert_eq!(Version::from_qemu_banner("command not found"), None);
    }

    #[test]
    fn debian_versions_lose_epoch_and_revision() {
        assert_eq!(
            Version::from_debian("1:10.0.2+ds-2+deb13u1~bpo12+1"),
            Some(Version::new(10, 0, 2))
        );
        assert_eq!(
            Version::from_debian("1:7.2+dfsg-7+deb12u18+b3"),
            Some(Version::new(7, 2, 0))
        );
        assert_eq!(Version::from_debian("9.2.0-1"), Some(Version::new(9, 2, 0)));
    }

    #[test]
    fn the_minimum_is_compared_numerically() {
        assert!(Version::new(10, 0, 2) >= Version::QEMU_MINIMUM);
        assert!(Version::new(9, 2, 0) >= Version::QEMU_MINIMUM);
        assert!(Version::new(9, 1, 9) < Version::QEMU_MINIMUM);
        assert!(Version::new(7, 2, 15) < Version::QEMU_MINIMUM);
    }

    #[test]
    fn policy_candidate_is_found_or_none() {
        let policy = "qemu-system-arm:\n  Installed: (none)\n  Candidate: 1:7.2+dfsg-7+deb12u18+b3\n  Version table:\n";
        assert_eq!(policy_candidate(policy), Some("1:7.2+dfsg-7+deb12u18+b3"));
        let none = "qemu-system-arm:\n  Installed: (none)\n  Candidate: (none)\n";
        assert_eq!(policy_candidate(none), None);
    }
}

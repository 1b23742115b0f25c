//! The applet names compiled into a BusyBox binary, read from the binary itself.
//!
//! BusyBox keeps its applet names as one sorted run of NUL-terminated strings starting with
//! `[` (the `test` alias). The binary is for AArch64 and cannot run on the host to answer
//! `busybox --list`, so the run is located and read directly; the result is checked for
//! sortedness and for the applets the oracle's `/init` needs.

/// Applets `/init` and the test scripts cannot do without.
pub const REQUIRED: [&str; 9] = [
    "sh", "mount", "poweroff", "timeout", "awk", "mkdir", "rm", "cat", "sed",
];

/// Why the applet list could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppletError {
    /// No run of applet names starting with `[` was found.
    #[error("no applet name table found in the busybox binary")]
    NoTable,
    /// The table lacks an applet the oracle needs.
    #[error("busybox lacks the `{0}` applet")]
    Missing(&'static str),
}

/// Whether `name` looks like an applet name: short, printable, no slash.
fn is_applet_name(name: &[u8]) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .iter()
            .all(|&byte| byte.is_ascii_graphic() && byte != b'/')
}

/// Reads the NUL-separated names starting at `start` while they are names in sorted order.
fn read_run(binary: &[u8], start: usize) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut offset = start;
    while let Some(length) = binary[offset..].iter().position(|&byte| byte == 0) {
        let name = &binary[offset..offset + length];
        if !is_applet_name(name) {
            break;
        }
        let name = String::from_utf8_lossy(name).into_owned();
        if names.last().is_some_and(|last| *last >= name) {
            break;
        }
        names.push(name);
        offset += length + 1;
    }
    names
}

/// The applet names of `binary`: the longest sorted run that starts with `[` after a NUL.
pub fn applet_names(binary: &[u8]) -> Result<Vec<String>, AppletError> {
    let mut best: Vec<String> = Vec::new();
    let mut search = 0;
    while let Some(found) = binary[search..]
        .windows(3)
        .position(|window| window == b"\0[\0")
    {
        let start = search + found + 1;
        let run = read_run(binary, start);
        if run.len() > best.len() {
            best = run;
        }
        search = start;
    }
    if best.len() < REQUIRED.len() {
        return Err(AppletError::NoTable);
    }
    for required in REQUIRED {
        if !best.iter().any(|name| name == required) {
            return Err(AppletError::Missing(required));
        }
    }
    Ok(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(names: &[&str]) -> Vec<u8> {
        let mut bytes = b"\x7fELF junk\0[\0not a table\0".to_vec();
        bytes.extend_from_slice(b"\0");
        for name in names {
            bytes.extend_from_slice(name.as_bytes());
            bytes.push(0);
        }
        bytes.extend_from_slice(b"\0/var/log/wtmp\0");
        bytes
    }

    fn full_list() -> Vec<&'static str> {
        let mut names = vec!["[", "[["];
        names.extend(REQUIRED);
        names.push("zcat");
        names.sort_unstable();
        names
    }

    #[test]
    fn the_sorted_run_after_a_nul_is_the_table() {
        let names = full_list();
        let found = applet_names(&table(&names)).expect("table");
        assert_eq!(found, names);
    }

    #[test]
    fn a_missing_required_applet_is_reported() {
        let names: Vec<&str> = full_list()
            .into_iter()
            .filter(|name| *name != "timeout")
            .collect();
        assert_eq!(
            applet_names(&table(&names)),
            Err(AppletError::Missing("timeout"))
        );
    }

    #[test]
    fn no_table_at_all() {
        assert_eq!(
            applet_names(b"\0[\0x\0"),
            Err(AppletError::NoTable),
            "a short run is not the table"
        );
        assert_eq!(applet_names(b"plain bytes"), Err(AppletError::NoTable));
    }

    #[test]
    fn the_run_stops_when_order_breaks() {
        let bytes = b"\0[\0ab\0cd\0bb\0zz\0";
        assert_eq!(read_run(bytes, 1), ["[", "ab", "cd"]);
    }

    #[test]
    #[ignore = "needs Debian's busybox in the cache (`cargo xtask setup`)"]
    fn debians_busybox_has_its_applets() {
        let path = crate::paths::Cache::from_env().busybox();
        let binary = std::fs::read(path).expect("busybox in the cache");
        let names = applet_names(&binary).expect("applets");
        assert!(names.len() > 200, "{} applets", names.len());
        assert!(names.iter().any(|name| name == "tar"));
    }
}

//! Reading Lichen's boot report from the serial log: each line parsed into numbers and names.

/// The first line: `Lichen 0.1.0 on qemu-virt (entered at EL1)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner {
    /// Kernel version.
    pub version: String,
    /// Board name.
    pub board: String,
    /// Exception level the kernel was entered at.
    pub entry_el: u8,
}

/// Parses the banner line.
pub fn parse_banner(line: &str) -> Option<Banner> {
    let rest = line.trim().strip_prefix("Lichen ")?;
    let (version, rest) = rest.split_once(" on ")?;
    let (board, rest) = rest.split_once(" (entered at EL")?;
    let entry_el = rest.strip_suffix(')')?.parse().ok()?;
    Some(Banner {
        version: version.to_string(),
        board: board.to_string(),
        entry_el,
    })
}

/// The value of a `lichen: <key>: <value>` line.
pub fn field<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    line.trim()
        .strip_prefix("lichen: ")?
        .strip_prefix(key)?
        .strip_prefix(": ")
}

/// `memory: 512 MiB in 1 region(s)` → (MiB, regions); `GiB` is accepted too.
pub fn parse_memory(value: &str) -> Option<(u64, u32)> {
    let mut words = value.split_whitespace();
    let amount: u64 = words.next()?.parse().ok()?;
    let mib = match words.next()? {
        "MiB" => amount,
        "GiB" => amount.checked_mul(1024)?,
        _ => return None,
    };
    if words.next()? != "in" {
        return None;
    }
    let regions = words.next()?.parse().ok()?;
    matches!(words.next()?, "region(s)" | "region" | "regions").then_some((mib, regions))
}

/// `interrupt controller: GICv3` → 3.
pub fn parse_gic(value: &str) -> Option<u8> {
    value.trim().strip_prefix("GICv")?.parse().ok()
}

/// `timer: 62500000 Hz counter, tick 100 Hz` → (counter Hz, tick Hz).
pub fn parse_timer(value: &str) -> Option<(u64, u64)> {
    let (counter, tick) = value.split_once(" Hz counter, tick ")?;
    Some((
        counter.trim().parse().ok()?,
        tick.strip_suffix(" Hz")?.trim().parse().ok()?,
    ))
}

/// `cpus: 4 of 4 online` → (online, present).
pub fn parse_cpus(value: &str) -> Option<(u32, u32)> {
    let (online, rest) = value.split_once(" of ")?;
    let present = rest.strip_suffix(" online")?;
    Some((online.trim().parse().ok()?, present.trim().parse().ok()?))
}

/// `ticks: cpu0=12 cpu1=11` → [(0, 12), (1, 11)].
pub fn parse_ticks(value: &str) -> Option<Vec<(u32, u64)>> {
    value
        .split_whitespace()
        .map(|entry| {
            let (cpu, count) = entry.strip_prefix("cpu")?.split_once('=')?;
            Some((cpu.parse().ok()?, count.parse().ok()?))
        })
        .collect()
}

/// `lichen: exception on cpu0: Data Abort ...` → (cpu, class text).
pub fn parse_exception(line: &str) -> Option<(u32, &str)> {
    let rest = line.trim().strip_prefix("lichen: exception on cpu")?;
    let (cpu, class) = rest.split_once(": ")?;
    Some((cpu.parse().ok()?, class))
}

/// The reason of `lichen: fatal: bad device tree: <reason>`.
pub fn bad_device_tree_reason(line: &str) -> Option<&str> {
    field(line, "fatal")?.strip_prefix("bad device tree: ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn banner_fields() {
        let banner = parse_banner("Lichen 0.1.0 on qemu-virt (entered at EL2)").expect("banner");
        assert_eq!(banner.version, "0.1.0");
        assert_eq!(banner.board, "qemu-virt");
        assert_eq!(banner.entry_el, 2);
        assert_eq!(parse_banner("Linux version 6.1.0"), None);
        assert_eq!(
            parse_banner("Lichen 0.1.0 on qemu-virt (entered at ELx)"),
            None
        );
    }

    #[test]
    fn report_lines() {
        assert_eq!(
            field("lichen: memory: 512 MiB in 1 region(s)", "memory"),
            Some("512 MiB in 1 region(s)")
        );
        assert_eq!(field("lichen: memory map", "memory"), None);
        assert_eq!(parse_memory("512 MiB in 1 region(s)"), Some((512, 1)));
        assert_eq!(parse_memory("1 GiB in 2 region(s)"), Some((1024, 2)));
        assert_eq!(parse_memory("512 MB in 1 region(s)"), None);
        assert_eq!(parse_gic("GICv3"), Some(3));
        assert_eq!(parse_gic("GIC-400"), None);
        assert_eq!(
            parse_timer("62500000 Hz counter, tick 100 Hz"),
            Some((62_500_000, 100))
        );
        assert_eq!(parse_cpus("3 of 4 online"), Some((3, 4)));
        assert_eq!(parse_cpus("4 online"), None);
    }

    #[test]
    fn ticks_are_per_cpu_pairs() {
        assert_eq!(
            parse_ticks("cpu0=12 cpu1=11 cpu2=0"),
            Some(vec![(0, 12), (1, 11), (2, 0)])
        );
        assert_eq!(parse_ticks("cpu0=12 cpu1"), None);
        assert_eq!(parse_ticks("cpuX=1"), None);
    }

    #[test]
    fn exception_and_bad_tree_lines() {
        assert_eq!(
            parse_exception("lichen: exception on cpu0: Data Abort (current EL)"),
            Some((0, "Data Abort (current EL)"))
        );
        assert_eq!(
            parse_exception("lichen: exception on cpuA: Data Abort"),
            None
        );
        assert_eq!(
            bad_device_tree_reason("lichen: fatal: bad device tree: no UART found"),
            Some("no UART found")
        );
        assert_eq!(
            bad_device_tree_reason("lichen: fatal: cpu0 halted after exception"),
            None
        );
    }
}

//! Memory sizes as QEMU's `-m` takes them (`512M`, `1G`, `1024`), converted to MiB.

/// Parses a QEMU `-m` size into MiB; a bare number is MiB, as in QEMU.
/// Sizes that are not a whole number of MiB, or are zero, are refused.
pub fn parse_mib(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let number: u64 = digits.parse().ok()?;
    let mib = match unit {
        "" | "M" | "m" | "MiB" => Some(number),
        "G" | "g" | "GiB" => number.checked_mul(1024),
        "T" | "t" | "TiB" => number.checked_mul(1024 * 1024),
        "K" | "k" | "KiB" if number.is_multiple_of(1024) => Some(number / 1024),
        _ => None,
    }?;
    (mib > 0).then_some(mib)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_scale_to_mib() {
        assert_eq!(parse_mib("512M"), Some(512));
        assert_eq!(parse_mib("1G"), Some(1024));
        assert_eq!(parse_mib("2g"), Some(2048));
        assert_eq!(parse_mib("1024"), Some(1024));
        assert_eq!(parse_mib("524288K"), Some(512));
    }

    #[test]
    fn nonsense_and_zero_are_refused() {
        assert_eq!(parse_mib(""), None);
        assert_eq!(parse_mib("M"), None);
        assert_eq!(parse_mib("0M"), None);
        assert_eq!(parse_mib("512X"), None);
        assert_eq!(parse_mib("1000K"), None);
        assert_eq!(parse_mib("1.5G"), None);
    }
}

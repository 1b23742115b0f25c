//! Integers on the command line as Linux's `kstrtoint(s, 0, ...)` reads them.

/// Parses `text` as Linux's `kstrtoint` with base 0 does: an optional sign, then `0x`/`0X`
/// for hexadecimal, a leading `0` for octal, decimal otherwise; one trailing newline is
/// allowed; anything else, or a value outside `i32`, is `None`.
pub fn parse_int(text: &str) -> Option<i32> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (radix, digits) = if let Some(hex) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        (16, hex)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = i64::from_str_radix(digits, radix).ok()?;
    let value = if negative { -magnitude } else { magnitude };
    i32::try_from(value).ok()
}

#[cfg(test)]
mod tests {
    use super::parse_int;

    #[test]
    fn decimal_hex_octal_and_signs() {
        assert_eq!(parse_int("0"), Some(0));
        assert_eq!(parse_int("5"), Some(5));
        assert_eq!(parse_int("-1"), Some(-1));
        assert_eq!(parse_int("+7"), Some(7));
        assert_eq!(parse_int("0x10"), Some(16));
        assert_eq!(parse_int("0X1f"), Some(31));
        assert_eq!(parse_int("010"), Some(8));
        assert_eq!(parse_int("-0x10"), Some(-16));
        assert_eq!(parse_int("3\n"), Some(3));
        assert_eq!(parse_int("2147483647"), Some(i32::MAX));
        assert_eq!(parse_int("-2147483648"), Some(i32::MIN));
    }

    #[test]
    fn junk_and_overflow_are_refused() {
        for bad in [
            "",
            "-",
            "0x",
            "08",
            "12a",
            " 1",
            "1 ",
            "2147483648",
            "99999999999999999999",
        ] {
            assert_eq!(parse_int(bad), None, "{bad:?}");
        }
    }
}

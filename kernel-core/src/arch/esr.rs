//! Decoding the Exception Syndrome Register (ESR_ELx) into words for reports and handlers.

/// The exception class, ESR bits [31:26].
pub fn exception_class(esr: u64) -> u8 {
    ((esr >> 26) & 0x3f) as u8
}

/// A name for an exception class, as the Arm ARM calls it.
pub fn class_name(class: u8) -> &'static str {
    match class {
        0x00 => "Unknown reason",
        0x01 => "Trapped WFI/WFE",
        0x07 => "SIMD/FP access trap",
        0x0e => "Illegal execution state",
        0x15 => "SVC (AArch64)",
        0x16 => "HVC (AArch64)",
        0x17 => "SMC (AArch64)",
        0x18 => "Trapped MSR/MRS/system instruction",
        0x19 => "SVE access trap",
        0x20 => "Instruction Abort from lower EL",
        0x21 => "Instruction Abort (same EL)",
        0x22 => "PC alignment fault",
        0x24 => "Data Abort from lower EL",
        0x25 => "Data Abort (same EL)",
        0x26 => "SP alignment fault",
        0x2c => "Floating-point exception",
        0x2f => "SError interrupt",
        0x30 => "Breakpoint from lower EL",
        0x31 => "Breakpoint (same EL)",
        0x32 => "Software step from lower EL",
        0x33 => "Software step (same EL)",
        0x34 => "Watchpoint from lower EL",
        0x35 => "Watchpoint (same EL)",
        0x3c => "BRK instruction",
        _ => "Reserved or unhandled class",
    }
}

/// Whether the class is an instruction or data abort (FAR is meaningful).
pub fn is_abort(class: u8) -> bool {
    matches!(class, 0x20 | 0x21 | 0x24 | 0x25)
}

/// What went wrong in an abort, from the fault status code ISS[5:0].
pub fn fault_status(esr: u64) -> (&'static str, Option<u8>) {
    let status = (esr & 0x3f) as u8;
    let level = Some(status & 0b11);
    match status {
        0x00..=0x03 => ("address size fault", level),
        0x04..=0x07 => ("translation fault", level),
        0x08..=0x0b => ("access flag fault", level),
        0x0c..=0x0f => ("permission fault", level),
        0x10 => ("synchronous external abort", None),
        0x21 => ("alignment fault", None),
        0x30 => ("TLB conflict abort", None),
        _ => ("other fault", None),
    }
}

/// For a data abort: whether the access was a write (ISS WnR, bit 6).
pub fn is_write(esr: u64) -> bool {
    esr & (1 << 6) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_kernel_translation_fault_on_read() {
        // EC 0x25, IL, DFSC 0b000110 = translation fault level 2.
        let esr = (0x25 << 26) | (1 << 25) | 0x06;
        assert_eq!(exception_class(esr), 0x25);
        assert_eq!(class_name(0x25), "Data Abort (same EL)");
        assert!(is_abort(0x25));
        assert_eq!(fault_status(esr), ("translation fault", Some(2)));
        assert!(!is_write(esr));
    }

    #[test]
    fn decodes_user_permission_fault_on_write_and_svc() {
        let esr = (0x24 << 26) | (1 << 6) | 0x0f;
        assert_eq!(fault_status(esr), ("permission fault", Some(3)));
        assert!(is_write(esr));
        assert_eq!(class_name(exception_class(0x5600_0000)), "SVC (AArch64)");
        assert!(!is_abort(0x15));
    }
}

//! `/chosen`: the command line, the console path and the initrd the boot loader chose.

use crate::error::DtbError;
use crate::fdt::Fdt;
use crate::node::Node;
use kernel_core::addr::PhysRange;
use kernel_core::platform::{PlatformInfo, COMMAND_LINE_SIZE};

/// Fills `bootargs`, `stdout_path` and `initrd` from `/chosen` (all optional).
pub(crate) fn read_chosen(fdt: &Fdt<'_>, info: &mut PlatformInfo) -> Result<(), DtbError> {
    let Some(chosen) = fdt.root().child("chosen") else {
        return Ok(());
    };
    if let Some(bootargs) = chosen.property("bootargs") {
        let text = bootargs.as_str().ok_or_else(|| {
            DtbError::bad_property(
                chosen.name(),
                "bootargs",
                "is not a NUL-terminated text string",
            )
        })?;
        info.bootargs
            .push_str(text)
            .map_err(|_| DtbError::TooLong {
                what: "/chosen bootargs",
                limit: COMMAND_LINE_SIZE,
            })?;
    }
    read_stdout_path(fdt, &chosen, &mut info.stdout_path)?;
    info.initrd = read_initrd(&chosen)?;
    Ok(())
}

/// `stdout-path` (or the older `linux,stdout-path`) without `:options`, an alias resolved
/// through `/aliases`. An alias that `/aliases` does not define leaves the path empty.
fn read_stdout_path<const N: usize>(
    fdt: &Fdt<'_>,
    chosen: &Node<'_>,
    out: &mut heapless::String<N>,
) -> Result<(), DtbError> {
    let Some(value) = chosen
        .str_property("stdout-path")
        .or_else(|| chosen.str_property("linux,stdout-path"))
    else {
        return Ok(());
    };
    let path = value.split(':').next().unwrap_or(value);
    let too_long = |_| DtbError::TooLong {
        what: "/chosen stdout-path",
        limit: N,
    };
    if path.starts_with('/') {
        return out.push_str(path).map_err(too_long);
    }
    let (alias, rest) = match path.split_once('/') {
        Some((alias, rest)) => (alias, Some(rest)),
        None => (path, None),
    };
    let Some(target) = fdt.alias(alias).filter(|t| t.starts_with('/')) else {
        log::warn!("stdout-path names alias `{alias}`, which /aliases does not define");
        return Ok(());
    };
    out.push_str(target).map_err(too_long)?;
    if let Some(rest) = rest.filter(|r| !r.is_empty()) {
        if !target.ends_with('/') {
            out.push('/').map_err(too_long)?;
        }
        out.push_str(rest).map_err(too_long)?;
    }
    Ok(())
}

/// `linux,initrd-start` .. `linux,initrd-end`, each 32 or 64 bits by its length.
fn read_initrd(chosen: &Node<'_>) -> Result<Option<PhysRange>, DtbError> {
    let read = |name: &'static str| -> Result<Option<u64>, DtbError> {
        match chosen.property(name) {
            None => Ok(None),
            Some(p) => p.as_u32_or_u64().map(Some).ok_or_else(|| {
                DtbError::bad_property(chosen.name(), name, "must be 4 or 8 bytes long")
            }),
        }
    };
    match (read("linux,initrd-start")?, read("linux,initrd-end")?) {
        (Some(start), Some(end)) if end < start => Err(DtbError::bad_property(
            chosen.name(),
            "linux,initrd-end",
            "is below linux,initrd-start",
        )),
        (Some(start), Some(end)) if end > start => Ok(Some(PhysRange::new(start, end - start))),
        (Some(_), Some(_)) | (None, None) => Ok(None),
        (Some(_), None) | (None, Some(_)) => {
            log::warn!(
                "/chosen has only one of linux,initrd-start and linux,initrd-end; initrd ignored"
            );
            Ok(None)
        }
    }
}

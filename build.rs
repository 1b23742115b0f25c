//! Turns the selected board feature into the linker script and the board constants, and
//! builds the vDSO the kernel embeds.

use std::{env, fs, path::PathBuf};

#[path = "src/vdso/build_vdso.rs"]
mod vdso;

fn main() {
    let boards: Vec<String> = env::vars()
        .filter_map(|(key, _)| key.strip_prefix("CARGO_FEATURE_BOARD_").map(str::to_owned))
        .map(|name| name.to_lowercase().replace('_', "-"))
        .collect();
    let board = match boards.as_slice() {
        [one] => one.clone(),
        [] => panic!("no board selected: enable exactly one `board-<name>` feature"),
        many => panic!(
            "several boards selected ({}): enable exactly one",
            many.join(", ")
        ),
    };
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(
        out.join("board.rs"),
        format!(
            "/// The board this kernel was built for.\npub const BOARD_NAME: &str = {board:?};\n"
        ),
    )
    .expect("write board.rs");
    let script = out.join("lichen.ld");
    fs::write(
        &script,
        linker_script(kernel_core::layout::KERNEL_VIRT_BASE),
    )
    .expect("write lichen.ld");
    if env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("aarch64") {
        vdso::build(&out);
        println!("cargo:rustc-link-arg-bins=-T{}", script.display());
        println!("cargo:rustc-link-arg-bins=-znorelro");
    }
    println!("cargo:rerun-if-changed=build.rs");
}

/// The image layout: the arm64 Image header first, then text, read-only data, data and bss,
/// each permission class on its own pages so the kernel can map them W^X.
fn linker_script(virt_base: u64) -> String {
    format!(
        r#"ENTRY(_head)
SECTIONS
{{
    . = {virt_base:#x};
    __kernel_start = .;
    .text : {{
        KEEP(*(.text.head))
        *(.text.boot)
        *(.text.vectors)
        *(.text .text.*)
    }}
    . = ALIGN(4096);
    __text_end = .;
    .rodata : {{ *(.rodata .rodata.*) }}
    . = ALIGN(4096);
    __rodata_end = .;
    .data : {{ *(.data .data.*) *(.got .got.*) }}
    . = ALIGN(4096);
    __data_end = .;
    .bss (NOLOAD) : {{
        __bss_start = .;
        *(.bss.boot)
        *(.bss .bss.*)
        *(COMMON)
        . = ALIGN(4096);
        __bss_end = .;
    }}
    __kernel_end = .;
    __kernel_size = __kernel_end - __kernel_start;
    /DISCARD/ : {{ *(.comment) *(.eh_frame*) *(.note .note.*) }}
}}
"#
    )
}

// Lichen's entry: the arm64 Image header, the drop from EL2 to EL1, the boot page tables and
// the switch to the kernel's virtual addresses. Runs with the MMU off, so everything here is
// position-independent (adr/adrp) and touches memory only with aligned accesses.
//
// Boot protocol (Documentation/arch/arm64/booting.rst): x0 = physical address of the DTB,
// x1..x3 = 0, MMU off, D-cache off, interrupts masked, at EL2 or EL1.

.equ LINEAR_MAP_BASE,   0xffff000000000000
.equ BLOCK_1G_SHIFT,    30
.equ BLOCK_2M_SHIFT,    21

// Block descriptor attributes. AttrIndx 0 = Device-nGnRE, 1 = Normal WB (see MAIR below).
// AF (bit 10), SH inner (bits 9:8 = 0b11), PXN (bit 53), UXN (bit 54), bit 0 = valid block.
.equ BLOCK_NORMAL_EXEC, 0x0040000000000705
.equ BLOCK_NORMAL_DATA, 0x0060000000000705
.equ BLOCK_DEVICE,      0x0060000000000401

// MAIR_EL1: attr0 Device-nGnRE (0x04), attr1 Normal WB RA/WA (0xff), attr2 Normal NC (0x44).
.equ MAIR_VALUE,        0x000000000044ff04
// TCR_EL1 without IPS and AS: T0SZ = T1SZ = 16 (48-bit), 4K granules, WB WA inner-shareable
// walks; enable_mmu adds IPS from PARange and AS (16-bit ASIDs) where ASIDBits says so.
.equ TCR_VALUE,         0x00000000b5103510
// SCTLR_EL1: RES1 bits | M | C | SA | SA0 | I | DZE | UCT | nTWI | nTWE | UCI.
.equ SCTLR_MMU_ON,      0x0000000034d5d81d
// SCTLR_EL1 with the MMU and caches off (RES1 bits only).
.equ SCTLR_MMU_OFF,     0x0000000030d00800

// adr_l: PC-relative address of a symbol, +-4 GiB.
.macro adr_l reg, sym
    adrp    \reg, \sym
    add     \reg, \reg, :lo12:\sym
.endm

.section .text.head, "ax"
.global _head
_head:
    b       primary_entry               // code0
    .long   0                           // code1
    .quad   0                           // text_offset: loaded at a 2 MiB boundary
    .quad   __kernel_size               // image_size, bss included
    .quad   0xa                         // flags: little-endian, 4K pages, place anywhere
    .quad   0                           // res2
    .quad   0                           // res3
    .quad   0                           // res4
    .ascii  "ARM\x64"                   // magic
    .long   0                           // res5: no PE header

.section .text.boot, "ax"
primary_entry:
    msr     daifset, #0xf
    mov     x19, x0                     // x19 = DTB physical address
    adr     x20, _head                  // x20 = physical load address of the image
    mrs     x21, CurrentEL
    lsr     x21, x21, #2                // x21 = exception level we were entered at
    bl      drop_to_el1
    bl      clear_bss
    bl      build_boot_tables
    bl      invalidate_bss_cache
    adr_l   x0, boot_l0_identity
    adr_l   x1, boot_l0_high
    bl      enable_mmu
    ldr     x9, =primary_high           // absolute, i.e. linked (virtual) address
    br      x9

// Secondary CPUs arrive here from PSCI CPU_ON with x0 = physical address of their
// SecondaryBoot record: [0] stack top (virtual), [8] CPU index, [16] TTBR1 (physical).
.global secondary_entry
secondary_entry:
    msr     daifset, #0xf
    mov     x19, x0
    bl      drop_to_el1
    adr_l   x0, boot_l0_identity
    ldr     x1, [x19, #16]
    bl      enable_mmu
    ldr     x9, =secondary_high
    br      x9

// If at EL2, configure it to stay out of the way and return to the caller at EL1h.
drop_to_el1:
    mrs     x9, CurrentEL
    cmp     x9, #(2 << 2)
    b.ne    1f
    mov     x9, #(1 << 31)              // HCR_EL2.RW: EL1 is AArch64; no traps, no VHE
    msr     hcr_el2, x9
    mrs     x9, cnthctl_el2
    orr     x9, x9, #3                  // EL1PCTEN | EL1PCEN: EL1 owns the counter and timer
    msr     cnthctl_el2, x9
    msr     cntvoff_el2, xzr            // virtual counter == physical counter
    mov     x9, #0x33ff
    msr     cptr_el2, x9                // no FP/SIMD traps to EL2
    msr     hstr_el2, xzr
    msr     vttbr_el2, xzr
    mrs     x9, id_aa64pfr0_el1
    ubfx    x9, x9, #24, #4             // GIC system-register interface present?
    cbz     x9, 2f
    mrs     x9, S3_4_C12_C9_5           // ICC_SRE_EL2
    orr     x9, x9, #0x1                // SRE: system-register interface at EL2
    orr     x9, x9, #0x8                // Enable: EL1 may use the ICC registers
    msr     S3_4_C12_C9_5, x9
    isb
2:  ldr     x9, =SCTLR_MMU_OFF
    msr     sctlr_el1, x9
    mov     x9, #0x3c5                  // EL1h, DAIF masked
    msr     spsr_el2, x9
    msr     elr_el2, x30
    eret
1:  ret

clear_bss:
    adr_l   x9, __bss_start
    adr_l   x10, __bss_end
1:  cmp     x9, x10
    b.hs    2f
    stp     xzr, xzr, [x9], #16
    b       1b
2:  ret

// Tables written with the MMU off went straight to memory; drop any stale cache lines so the
// table walker and the first cached accesses see them.
invalidate_bss_cache:
    mrs     x9, ctr_el0
    ubfx    x9, x9, #16, #4             // DminLine: log2(words) of the smallest D-cache line
    mov     x10, #4
    lsl     x10, x10, x9                // line size in bytes
    adr_l   x11, __bss_start
    adr_l   x12, __bss_end
    sub     x9, x10, #1
    bic     x11, x11, x9
1:  dc      ivac, x11
    add     x11, x11, x10
    cmp     x11, x12
    b.lo    1b
    dsb     sy
    ret

// Boot tables: TTBR0 identity-maps the 1 GiB around the image (needed while the MMU turns on);
// TTBR1 maps the first 512 GiB of physical space at LINEAR_MAP_BASE (Device, except the GiBs
// holding the image and the DTB's 2 MiB, which are Normal) and the image at its link address in 2 MiB
// blocks. The Rust side replaces TTBR1's tables once it has read the DTB.
build_boot_tables:
    // Identity: L0[pa >> 39] -> L1, L1[pa >> 30] = 1 GiB block.
    adr_l   x0, boot_l0_identity
    adr_l   x1, boot_l1_identity
    ubfx    x2, x20, #39, #9
    orr     x3, x1, #3
    str     x3, [x0, x2, lsl #3]
    ubfx    x2, x20, #30, #9
    lsr     x3, x20, #BLOCK_1G_SHIFT
    lsl     x3, x3, #BLOCK_1G_SHIFT
    ldr     x4, =BLOCK_NORMAL_EXEC
    orr     x3, x3, x4
    str     x3, [x1, x2, lsl #3]

    // Linear map: L0_high[0] -> L1 of 512 one-GiB blocks.
    adr_l   x0, boot_l0_high
    adr_l   x1, boot_l1_linear
    orr     x3, x1, #3
    str     x3, [x0]
    mov     x2, #0
    ldr     x4, =BLOCK_DEVICE
1:  lsl     x3, x2, #BLOCK_1G_SHIFT
    orr     x3, x3, x4
    str     x3, [x1, x2, lsl #3]
    add     x2, x2, #1
    cmp     x2, #512
    b.lo    1b
    ldr     x4, =BLOCK_NORMAL_DATA
    lsr     x2, x20, #BLOCK_1G_SHIFT
    cmp     x2, #512
    b.hs    2f
    lsl     x3, x2, #BLOCK_1G_SHIFT
    orr     x3, x3, x4
    str     x3, [x1, x2, lsl #3]
2:  lsr     x2, x19, #BLOCK_1G_SHIFT    // the DTB's first byte...
    cmp     x2, #512
    b.hs    3f
    lsl     x3, x2, #BLOCK_1G_SHIFT
    orr     x3, x3, x4
    str     x3, [x1, x2, lsl #3]
    add     x2, x19, #(2 << 20)         // ...and its last possible byte (a DTB is <= 2 MiB)
    lsr     x2, x2, #BLOCK_1G_SHIFT
    cmp     x2, #512
    b.hs    3f
    lsl     x3, x2, #BLOCK_1G_SHIFT
    orr     x3, x3, x4
    str     x3, [x1, x2, lsl #3]

    // Image: L0_high[256] -> L1 -> L2 of 2 MiB blocks starting at the load address.
3:  adr_l   x1, boot_l1_kernel
    orr     x3, x1, #3
    str     x3, [x0, #(256 * 8)]
    adr_l   x2, boot_l2_kernel
    orr     x3, x2, #3
    str     x3, [x1]
    ldr     x5, =__kernel_size
    ldr     x6, =((1 << BLOCK_2M_SHIFT) - 1)
    add     x5, x5, x6
    lsr     x5, x5, #BLOCK_2M_SHIFT     // number of 2 MiB blocks
    mov     x6, #0
    ldr     x4, =BLOCK_NORMAL_EXEC
4:  lsl     x3, x6, #BLOCK_2M_SHIFT
    add     x3, x3, x20
    orr     x3, x3, x4
    str     x3, [x2, x6, lsl #3]
    add     x6, x6, #1
    cmp     x6, x5
    b.lo    4b
    dsb     sy
    ret

// x0 = TTBR0 table, x1 = TTBR1 table (physical). Returns with the MMU and caches on, still
// executing from the identity map.
enable_mmu:
    ldr     x9, =MAIR_VALUE
    msr     mair_el1, x9
    ldr     x9, =TCR_VALUE
    mrs     x10, id_aa64mmfr0_el1
    ubfx    x11, x10, #4, #4            // ASIDBits: 0b0010 = 16 bits
    cmp     x11, #2
    orr     x12, x9, #(1 << 36)         // AS: 16-bit ASIDs
    csel    x9, x12, x9, eq
    and     x10, x10, #0xf              // PARange
    cmp     x10, #5
    mov     x11, #5
    csel    x10, x10, x11, ls           // at most 48-bit physical addresses
    bfi     x9, x10, #32, #3            // IPS
    msr     tcr_el1, x9
    msr     ttbr0_el1, x0
    msr     ttbr1_el1, x1
    mov     x9, #(3 << 20)
    msr     cpacr_el1, x9               // FP/SIMD usable at EL0 and EL1 (user programs need it)
    isb
    tlbi    vmalle1
    dsb     nsh
    isb
    ldr     x9, =SCTLR_MMU_ON
    msr     sctlr_el1, x9
    isb
    ic      iallu
    dsb     nsh
    isb
    ret

// Called through the identity map: x0 = new TTBR1 (physical), x1 = an all-zero table.
// Passing through an empty table keeps the TLB from ever holding the old and new mappings of
// the same address at once (break-before-make for the whole half).
.global replace_ttbr1_identity
replace_ttbr1_identity:
    msr     ttbr1_el1, x1
    isb
    tlbi    vmalle1
    dsb     nsh
    isb
    msr     ttbr1_el1, x0
    isb
    tlbi    vmalle1
    dsb     nsh
    isb
    ret

.section .text, "ax"
primary_high:
    adr_l   x9, boot_stack_top
    mov     sp, x9
    adr_l   x9, exception_vectors
    msr     vbar_el1, x9
    msr     tpidr_el1, xzr              // the boot CPU is CPU 0
    isb
    mov     x0, x19
    mov     x1, x20
    mov     x2, x21
    bl      lichen_primary_main
1:  wfe
    b       1b

secondary_high:
    ldr     x9, =LINEAR_MAP_BASE
    add     x19, x19, x9                // the record, through the linear map
    ldr     x9, [x19, #0]
    mov     sp, x9
    ldr     x9, [x19, #8]
    msr     tpidr_el1, x9
    adr_l   x9, exception_vectors
    msr     vbar_el1, x9
    isb
    mov     x0, x19
    bl      lichen_secondary_main
1:  wfe
    b       1b

.section .bss.boot, "aw", %nobits
.balign 4096
.global boot_l0_identity
boot_l0_identity:   .space 4096
boot_l1_identity:   .space 4096
boot_l0_high:       .space 4096
boot_l1_linear:     .space 4096
boot_l1_kernel:     .space 4096
boot_l2_kernel:     .space 4096
.balign 16
boot_stack:         .space 65536
boot_stack_top:

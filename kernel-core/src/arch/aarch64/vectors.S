// The EL1 exception vector table. Every entry saves the interrupted context as a TrapFrame on
// the current stack and calls the Rust handler with (frame, kind); returning restores it.
//
// TrapFrame layout (272 bytes): x0..x30 at 8*n, sp_el0 at 248, elr_el1 at 256, spsr_el1 at 264.

.equ FRAME_SIZE, 272

.macro save_frame
    sub     sp, sp, #FRAME_SIZE
    stp     x0, x1, [sp, #16 * 0]
    stp     x2, x3, [sp, #16 * 1]
    stp     x4, x5, [sp, #16 * 2]
    stp     x6, x7, [sp, #16 * 3]
    stp     x8, x9, [sp, #16 * 4]
    stp     x10, x11, [sp, #16 * 5]
    stp     x12, x13, [sp, #16 * 6]
    stp     x14, x15, [sp, #16 * 7]
    stp     x16, x17, [sp, #16 * 8]
    stp     x18, x19, [sp, #16 * 9]
    stp     x20, x21, [sp, #16 * 10]
    stp     x22, x23, [sp, #16 * 11]
    stp     x24, x25, [sp, #16 * 12]
    stp     x26, x27, [sp, #16 * 13]
    stp     x28, x29, [sp, #16 * 14]
    mrs     x9, sp_el0
    stp     x30, x9, [sp, #16 * 15]
    mrs     x9, elr_el1
    mrs     x10, spsr_el1
    stp     x9, x10, [sp, #16 * 16]
.endm

.macro vector_entry kind
    .balign 128
    save_frame
    mov     x0, sp
    mov     x1, #\kind
    b       exception_common
.endm

.section .text.vectors, "ax"
.balign 2048
.global exception_vectors
exception_vectors:
    // Current EL with SP_EL0 (unused by Lichen): 0-3
    vector_entry 0
    vector_entry 1
    vector_entry 2
    vector_entry 3
    // Current EL with SP_ELx: 4-7
    vector_entry 4
    vector_entry 5
    vector_entry 6
    vector_entry 7
    // Lower EL, AArch64: 8-11
    vector_entry 8
    vector_entry 9
    vector_entry 10
    vector_entry 11
    // Lower EL, AArch32: 12-15
    vector_entry 12
    vector_entry 13
    vector_entry 14
    vector_entry 15

exception_common:
    bl      lichen_handle_exception
.global exception_return
exception_return:
    ldp     x9, x10, [sp, #16 * 16]
    msr     elr_el1, x9
    msr     spsr_el1, x10
    ldp     x30, x9, [sp, #16 * 15]
    msr     sp_el0, x9
    ldp     x0, x1, [sp, #16 * 0]
    ldp     x2, x3, [sp, #16 * 1]
    ldp     x4, x5, [sp, #16 * 2]
    ldp     x6, x7, [sp, #16 * 3]
    ldp     x8, x9, [sp, #16 * 4]
    ldp     x10, x11, [sp, #16 * 5]
    ldp     x12, x13, [sp, #16 * 6]
    ldp     x14, x15, [sp, #16 * 7]
    ldp     x16, x17, [sp, #16 * 8]
    ldp     x18, x19, [sp, #16 * 9]
    ldp     x20, x21, [sp, #16 * 10]
    ldp     x22, x23, [sp, #16 * 11]
    ldp     x24, x25, [sp, #16 * 12]
    ldp     x26, x27, [sp, #16 * 13]
    ldp     x28, x29, [sp, #16 * 14]
    add     sp, sp, #FRAME_SIZE
    eret

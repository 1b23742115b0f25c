// Thread switching and user entry.
//
// CpuContext layout (112 bytes): x19..x28 at 0..80, x29 at 80, x30 at 88, sp at 96.
// FpState layout (528 bytes): q0..q31 at 0..512, fpsr at 512, fpcr at 520.

.global lichen_switch_context
// x0 = context to save into, x1 = context to resume. Returns into the resumed thread.
lichen_switch_context:
    mov     x9, sp
    stp     x19, x20, [x0, #0]
    stp     x21, x22, [x0, #16]
    stp     x23, x24, [x0, #32]
    stp     x25, x26, [x0, #48]
    stp     x27, x28, [x0, #64]
    stp     x29, x30, [x0, #80]
    str     x9, [x0, #96]
    ldp     x19, x20, [x1, #0]
    ldp     x21, x22, [x1, #16]
    ldp     x23, x24, [x1, #32]
    ldp     x25, x26, [x1, #48]
    ldp     x27, x28, [x1, #64]
    ldp     x29, x30, [x1, #80]
    ldr     x9, [x1, #96]
    mov     sp, x9
    ret

.global lichen_thread_start
// First code of a new thread: x19 = entry function, x20 = its argument.
lichen_thread_start:
    mov     x0, x20
    blr     x19
1:  wfe
    b       1b

.global lichen_enter_user
// x0 = a TrapFrame at the top of this thread's kernel stack: restore it and eret to EL0.
lichen_enter_user:
    mov     sp, x0
    b       exception_return

.arch_extension fp
.arch_extension simd

.global lichen_fp_save
// x0 = FpState to fill from the FP/SIMD registers (user state; the kernel never uses them).
lichen_fp_save:
    stp     q0, q1, [x0, #0]
    stp     q2, q3, [x0, #32]
    stp     q4, q5, [x0, #64]
    stp     q6, q7, [x0, #96]
    stp     q8, q9, [x0, #128]
    stp     q10, q11, [x0, #160]
    stp     q12, q13, [x0, #192]
    stp     q14, q15, [x0, #224]
    stp     q16, q17, [x0, #256]
    stp     q18, q19, [x0, #288]
    stp     q20, q21, [x0, #320]
    stp     q22, q23, [x0, #352]
    stp     q24, q25, [x0, #384]
    stp     q26, q27, [x0, #416]
    stp     q28, q29, [x0, #448]
    stp     q30, q31, [x0, #480]
    mrs     x9, fpsr
    mrs     x10, fpcr
    str     x9, [x0, #512]
    str     x10, [x0, #520]
    ret

.global lichen_fp_restore
// x0 = FpState to load into the FP/SIMD registers.
lichen_fp_restore:
    ldp     q0, q1, [x0, #0]
    ldp     q2, q3, [x0, #32]
    ldp     q4, q5, [x0, #64]
    ldp     q6, q7, [x0, #96]
    ldp     q8, q9, [x0, #128]
    ldp     q10, q11, [x0, #160]
    ldp     q12, q13, [x0, #192]
    ldp     q14, q15, [x0, #224]
    ldp     q16, q17, [x0, #256]
    ldp     q18, q19, [x0, #288]
    ldp     q20, q21, [x0, #320]
    ldp     q22, q23, [x0, #352]
    ldp     q24, q25, [x0, #384]
    ldp     q26, q27, [x0, #416]
    ldp     q28, q29, [x0, #448]
    ldp     q30, q31, [x0, #480]
    ldr     x9, [x0, #512]
    ldr     x10, [x0, #520]
    msr     fpsr, x9
    msr     fpcr, x10
    ret

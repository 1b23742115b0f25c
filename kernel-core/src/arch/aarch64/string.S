// memcpy, memmove and memset for the kernel. The compiler's generic versions move 8 bytes a
// loop; these move 64 with ldp/stp, which matters most under an emulator, where every
// instruction costs. Every access is naturally aligned (whole 8-byte words only where both
// pointers are 8-byte aligned, bytes otherwise), so they are correct on any memory type.

    .section .text.memcpy, "ax"
    .global memcpy
    .type memcpy, %function
    .balign 16
// void *memcpy(void *dst /* x0 */, const void *src /* x1 */, size_t n /* x2 */)
memcpy:
    mov     x3, x0                  // x3: destination cursor (x0 is the return value)
    eor     x4, x0, x1
    tst     x4, #7
    b.ne    .Lcopy_bytes            // different misalignment: bytes all the way
.Lcopy_head:                        // same misalignment: bytes until aligned
    cbz     x2, .Lcopy_done
    tst     x3, #7
    b.eq    .Lcopy_blocks
    ldrb    w4, [x1], #1
    strb    w4, [x3], #1
    sub     x2, x2, #1
    b       .Lcopy_head
.Lcopy_blocks:
    cmp     x2, #64
    b.lo    .Lcopy_words
1:  ldp     x4, x5, [x1]
    ldp     x6, x7, [x1, #16]
    ldp     x8, x9, [x1, #32]
    ldp     x10, x11, [x1, #48]
    add     x1, x1, #64
    stp     x4, x5, [x3]
    stp     x6, x7, [x3, #16]
    stp     x8, x9, [x3, #32]
    stp     x10, x11, [x3, #48]
    add     x3, x3, #64
    sub     x2, x2, #64
    cmp     x2, #64
    b.hs    1b
.Lcopy_words:
    cmp     x2, #8
    b.lo    .Lcopy_bytes
    ldr     x4, [x1], #8
    str     x4, [x3], #8
    sub     x2, x2, #8
    b       .Lcopy_words
.Lcopy_bytes:
    cbz     x2, .Lcopy_done
2:  ldrb    w4, [x1], #1
    strb    w4, [x3], #1
    subs    x2, x2, #1
    b.ne    2b
.Lcopy_done:
    ret
    .size memcpy, . - memcpy

    .section .text.memmove, "ax"
    .global memmove
    .type memmove, %function
    .balign 16
// void *memmove(void *dst /* x0 */, const void *src /* x1 */, size_t n /* x2 */)
// A destination below the source, or at or past its end, copies forwards: memcpy loads each
// block before storing it, and its stores never reach source bytes it has yet to load.
memmove:
    sub     x4, x0, x1
    cmp     x4, x2
    b.hs    memcpy                  // dst - src >= n (unsigned): forwards is safe
    cbz     x4, .Lmove_done         // dst == src
    add     x1, x1, x2              // backwards from the ends
    add     x3, x0, x2
    orr     x4, x1, x3
    tst     x4, #7
    b.ne    .Lmove_bytes
3:  cmp     x2, #8
    b.lo    .Lmove_bytes
    ldr     x4, [x1, #-8]!
    str     x4, [x3, #-8]!
    sub     x2, x2, #8
    b       3b
.Lmove_bytes:
    cbz     x2, .Lmove_done
4:  ldrb    w4, [x1, #-1]!
    strb    w4, [x3, #-1]!
    subs    x2, x2, #1
    b.ne    4b
.Lmove_done:
    ret
    .size memmove, . - memmove

    .section .text.memset, "ax"
    .global memset
    .type memset, %function
    .balign 16
// void *memset(void *dst /* x0 */, int c /* w1 */, size_t n /* x2 */)
memset:
    mov     x3, x0
    and     x1, x1, #0xff           // the byte in all eight lanes
    orr     x1, x1, x1, lsl #8
    orr     x1, x1, x1, lsl #16
    orr     x1, x1, x1, lsl #32
.Lset_head:
    cbz     x2, .Lset_done
    tst     x3, #7
    b.eq    .Lset_blocks
    strb    w1, [x3], #1
    sub     x2, x2, #1
    b       .Lset_head
.Lset_blocks:
    cmp     x2, #64
    b.lo    .Lset_words
5:  stp     x1, x1, [x3]
    stp     x1, x1, [x3, #16]
    stp     x1, x1, [x3, #32]
    stp     x1, x1, [x3, #48]
    add     x3, x3, #64
    sub     x2, x2, #64
    cmp     x2, #64
    b.hs    5b
.Lset_words:
    cmp     x2, #8
    b.lo    .Lset_bytes
    str     x1, [x3], #8
    sub     x2, x2, #8
    b       .Lset_words
.Lset_bytes:
    cbz     x2, .Lset_done
6:  strb    w1, [x3], #1
    subs    x2, x2, #1
    b.ne    6b
.Lset_done:
    ret
    .size memset, . - memset

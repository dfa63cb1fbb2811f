.isa risc32
# fib.s - Fibonacci numbers, the slow way (naive double recursion).
#
# Reads N from argv[1] (decimal; 20 when absent), computes fib(N) with
#
#       fib(n) = n                        if n < 2
#       fib(n) = fib(n - 1) + fib(n - 2)  otherwise
#
# prints the result in decimal and a newline, and exits with status 0.
# fib(N) needs about 2 * fib(N + 1) calls, so this is a good workout for
# calls and returns. Results wrap around modulo 2^32 beyond fib(47).
#
# Run:      xlat run samples/risc32/fib.s 20
# Output:   6765
# (no argument: the same as 20; `xlat run samples/risc32/fib.s 30` prints
# 832040)
#
# What it shows: the register call convention of the samples.
#   - Arguments go in a0-a5, the result comes back in v0.
#   - `call f` (bsr ra, f) puts the return address in ra; `ret` jumps to ra.
#   - s0-s5, fp and sp are callee-saved: a routine that uses them, or that
#     makes calls of its own (which overwrite ra), saves them in a stack
#     frame and restores them before returning. t registers, a registers
#     and v0 may be clobbered by any call.
#   - The stack grows down; sp stays a multiple of 16, so a frame is
#     allocated in steps of 16 bytes and its words are 4-aligned (ldw/stw).

.equ DEFAULT_N, 20
.equ NUMBUF_SIZE, 12            # 10 digits of 2^32 - 1, a newline, 1 spare

        .text
_start:
        li s0, DEFAULT_N        # s0 = N, unless there is an argument
        ldw t0, 0(sp)           # t0 = argc
        cmplt t0, 2, t1         # t1 = 1 if argc < 2
        bne t1, have_n          # no argv[1]: keep the default
        ldw a0, 8(sp)           # a0 = argv[1]
        call parse_uint         # v0 = its value
        mov v0, s0
have_n:
        mov s0, a0
        call fib                # v0 = fib(N)

        mov v0, a0
        call print_uint         # print it and a newline

        li v0, 1                # exit(0)
        clr a0
        callsys

# fib(a0 = n): v0 = the n-th Fibonacci number.
#   Frame (16 bytes):  0(sp) saved ra
#                      4(sp) saved s0   (s0 = n during the body)
#                      8(sp) saved s1   (s1 = fib(n - 1) during the body)
#                     12(sp) unused, keeps sp a multiple of 16
fib:
        cmpult a0, 2, t0        # t0 = 1 if n < 2 (unsigned)
        beq t0, fib_recurse
        mov a0, v0              # fib(0) = 0, fib(1) = 1: the result is n
        ret                     # (no frame needed on this path)

fib_recurse:
        lda sp, -16(sp)         # allocate the frame
        stw ra, 0(sp)           # our calls will overwrite ra
        stw s0, 4(sp)           # and we use s0 and s1
        stw s1, 8(sp)

        mov a0, s0              # s0 = n, safe across calls
        subl s0, 1, a0          # fib(n - 1)
        call fib
        mov v0, s1              # s1 = fib(n - 1), safe across the next call
        subl s0, 2, a0          # fib(n - 2)
        call fib
        addl s1, v0, v0         # v0 = fib(n - 1) + fib(n - 2)

        ldw ra, 0(sp)           # restore what we saved
        ldw s0, 4(sp)
        ldw s1, 8(sp)
        lda sp, 16(sp)          # free the frame
        ret

# parse_uint(a0 = s): v0 = the value of the decimal digits at the start of s.
#   Stops at the first character that is not a digit (the NUL at the latest);
#   an empty string gives 0. No overflow check. A leaf routine.
parse_uint:
        clr v0                  # v0 = the value so far
pu_next:
        ldbu t0, 0(a0)          # t0 = the character
        subl t0, '0', t0        # t0 = its digit value, if it is a digit
        cmpule t0, 9, t1        # t1 = 1 if 0 <= t0 <= 9 (unsigned compare:
                                # characters below '0' wrap around to huge
                                # values)
        beq t1, pu_done         # not a digit: stop
        mull v0, 10, v0         # value = value * 10 ...
        addl v0, t0, v0         #         ... + digit
        addl a0, 1, a0          # next character
        br pu_next
pu_done:
        ret

# print_uint(a0 = n): print n as an unsigned decimal number and a newline.
#   The digits come out least significant first, so they are stored
#   backwards from the end of a buffer, then written in one go. A leaf.
print_uint:
        li t0, numbuf + NUMBUF_SIZE # t0 -> just past the end of the buffer
        subl t0, 1, t0
        li t1, '\n'
        stb t1, 0(t0)           # the last character is the newline
        mov a0, t2              # t2 = n
pr_digit:                       # do { ... } while (n != 0), so 0 prints "0"
        remlu t2, 10, t1        # t1 = n % 10
        addl t1, '0', t1        # as an ASCII digit
        subl t0, 1, t0
        stb t1, 0(t0)           # store it in front of the others
        divlu t2, 10, t2        # n = n / 10
        bne t2, pr_digit

        li t1, numbuf + NUMBUF_SIZE
        subl t1, t0, a2         # a2 = number of characters
        mov t0, a1              # a1 = the first digit
        li a0, 1                # write(1, a1, a2)
        li v0, 4
        callsys
        ret

        .bss
numbuf: .space NUMBUF_SIZE

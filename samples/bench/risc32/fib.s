.isa risc32
# fib.s - benchmark: naive doubly recursive Fibonacci (calls and returns).
#
# Reads N from argv[1] (decimal; DEFAULT_N when absent), prints fib(N)
# modulo 2^32 in decimal and a newline, exits 0. The same algorithm as
# samples/bench/cisc32/fib.s and bench/js/fib.mjs (`xlat bench fib`),
# written as a plain compiler would for risc32: the argument in a0, the
# result in v0, ra, s0 and s1 saved in a 16-byte frame.
#
# Run:      xlat run samples/bench/risc32/fib.s 20
# Output:   6765

.equ DEFAULT_N, 27
.equ NUMBUF_SIZE, 12

        .text
_start:
        li s0, DEFAULT_N        # s0 = N, unless there is an argument
        ldw t0, 0(sp)           # t0 = argc
        cmplt t0, 2, t0         # t0 = 1 if argc < 2
        bne t0, have_n          # no argv[1]: keep the default
        ldw a0, 8(sp)           # a0 = argv[1]
        call parse_uint
        mov v0, s0              # s0 = its value
have_n:
        mov s0, a0
        call bench              # v0 = the checksum
        mov v0, a0
        call print_uint
        li v0, 1                # exit(0)
        clr a0
        callsys

# bench(a0 = n): v0 = fib(n).
bench:
fib:
        cmpult a0, 2, t0        # n < 2 (unsigned)?
        beq t0, fib_recurse
        mov a0, v0              # fib(n) = n
        ret
fib_recurse:
        lda sp, -16(sp)
        stw ra, 0(sp)
        stw s0, 4(sp)
        stw s1, 8(sp)
        mov a0, s0              # s0 = n
        subl s0, 1, a0
        call fib                # fib(n - 1)
        mov v0, s1
        subl s0, 2, a0
        call fib                # fib(n - 2)
        addl s1, v0, v0
        ldw ra, 0(sp)
        ldw s0, 4(sp)
        ldw s1, 8(sp)
        lda sp, 16(sp)
        ret

# parse_uint(a0 = s): v0 = the value of the decimal digits at the start of s.
parse_uint:
        clr v0                  # v0 = the value so far
pu_next:
        ldbu t0, 0(a0)          # t0 = the character
        subl t0, '0', t0        # its digit value
        cmpule t0, 9, t1        # a digit? (unsigned compare)
        beq t1, pu_done
        mull v0, 10, v0         # value = value * 10 + digit
        addl v0, t0, v0
        addl a0, 1, a0
        br pu_next
pu_done:
        ret

# print_uint(a0 = n): print n as an unsigned decimal number and a newline.
print_uint:
        li t0, numbuf + NUMBUF_SIZE # digits are stored backwards from the end
        subl t0, 1, t0
        li t1, '\n'
        stb t1, 0(t0)
        mov a0, t2              # t2 = n
pr_digit:
        remlu t2, 10, t1        # t1 = n % 10
        addl t1, '0', t1
        subl t0, 1, t0
        stb t1, 0(t0)
        divlu t2, 10, t2        # n = n / 10
        bne t2, pr_digit
        li t1, numbuf + NUMBUF_SIZE
        subl t1, t0, a2         # a2 = number of characters
        mov t0, a1
        li a0, 1                # write(1, a1, a2)
        li v0, 4
        callsys
        ret

        .bss
numbuf: .space NUMBUF_SIZE

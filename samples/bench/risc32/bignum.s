.isa risc32
# bignum.s - benchmark: multi-word arithmetic through carry and borrow
# chains. risc32 has no carry flag: a compiler computes each carry with
# cmpult (the sum is below an addend exactly when the addition wrapped) and
# each borrow likewise.
#
# Reads N from argv[1] (decimal; DEFAULT_N when absent). A, B and C are
# W-word numbers (W = 64: 2048 bits, least significant word first) filled
# from xorshift32 (from SEED; A, then B, then C). Then N times:
#
#       A = A + B;  B = B + A;  C = C - A       (modulo 2^2048)
#
# and prints cs = cs * 31 + word over the words of A, B and C, in decimal.
# The same algorithm as samples/bench/cisc32/bignum.s and
# bench/js/bignum.mjs.
#
# Run:      xlat run samples/bench/risc32/bignum.s 5
# Output:   533092659

.equ DEFAULT_N, 13000
.equ W, 64
.equ SEED, 2463534242
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

# bench(a0 = n): v0 = the checksum. A leaf routine: a0 = rounds left,
#   a1 -> A, a2 -> B, a3 -> C; in a chain t0 -> the destination word,
#   t3 -> the source word, t6 = the carry (or borrow), t8 = words left.
bench:
        li a1, num_a            # A, B and C are consecutive
        li a2, num_b
        li a3, num_c
        mov a1, t7
        li t6, 3 * W
        li v0, SEED
bn_fill:
        sll v0, 13, t8          # x ^= x << 13
        xor v0, t8, v0
        srl v0, 17, t8          # x ^= x >> 17
        xor v0, t8, v0
        sll v0, 5, t8           # x ^= x << 5
        xor v0, t8, v0
        stw v0, 0(t7)
        addl t7, 4, t7
        subl t6, 1, t6
        bne t6, bn_fill
        beq a0, bn_done
bn_round:
        mov a1, t0              # A = A + B
        mov a2, t3
        li t8, W
        clr t6
bn_add_ab:
        ldw t1, 0(t0)
        ldw t2, 0(t3)
        addl t1, t2, t4         # s = a + b
        cmpult t4, t1, t5       # carry out of a + b
        addl t4, t6, t4         # s = s + carry in
        cmpult t4, t6, t7       # carry out of that
        bis t5, t7, t6          # the carry out
        stw t4, 0(t0)
        addl t0, 4, t0
        addl t3, 4, t3
        subl t8, 1, t8
        bne t8, bn_add_ab
        mov a2, t0              # B = B + A
        mov a1, t3
        li t8, W
        clr t6
bn_add_ba:
        ldw t1, 0(t0)
        ldw t2, 0(t3)
        addl t1, t2, t4
        cmpult t4, t1, t5
        addl t4, t6, t4
        cmpult t4, t6, t7
        bis t5, t7, t6
        stw t4, 0(t0)
        addl t0, 4, t0
        addl t3, 4, t3
        subl t8, 1, t8
        bne t8, bn_add_ba
        mov a3, t0              # C = C - A
        mov a1, t3
        li t8, W
        clr t6
bn_sub_ca:
        ldw t1, 0(t0)
        ldw t2, 0(t3)
        subl t1, t2, t4         # d = c - a
        cmpult t1, t2, t5       # borrow out of c - a
        cmpult t4, t6, t7       # borrow out of d - borrow in
        subl t4, t6, t4         # d = d - borrow in
        bis t5, t7, t6          # the borrow out
        stw t4, 0(t0)
        addl t0, 4, t0
        addl t3, 4, t3
        subl t8, 1, t8
        bne t8, bn_sub_ca
        subl a0, 1, a0
        bne a0, bn_round
bn_done:
        mov a1, t0              # the checksum over A, B, C
        li t8, 3 * W
        clr v0
bn_sum:
        ldw t1, 0(t0)
        mull v0, 31, v0
        addl v0, t1, v0         # cs = cs * 31 + word
        addl t0, 4, t0
        subl t8, 1, t8
        bne t8, bn_sum
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
        .align 4
num_a:  .space W * 4
num_b:  .space W * 4
num_c:  .space W * 4

.isa risc32
# matmul.s - benchmark: integer matrix multiply (mull, strided loads).
#
# Reads N from argv[1] (decimal; DEFAULT_N when absent, at most MAX_N).
# A and B are N x N matrices of 32-bit words filled row by row from one
# xorshift32 stream (x ^= x << 13; x ^= x >> 17; x ^= x << 5, from SEED),
# A first. C = A x B modulo 2^32 is not stored: each element, in row order,
# goes into the checksum cs = cs * 31 + C[i][j], printed in decimal.
# The same algorithm as samples/bench/cisc32/matmul.s and
# bench/js/matmul.mjs; a leaf routine, everything in registers.
#
# Run:      xlat run samples/bench/risc32/matmul.s 5
# Output:   1814687428

.equ DEFAULT_N, 120
.equ MAX_N, 160
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

# bench(a0 = n): v0 = the checksum of A x B.
#   a0 = n, t2 = n * 4 (a row), t4 = A, t5 = B, a1 = &A[i][0], a4 = &B[0][j],
#   a2 = rows left, a3 = columns left, t0 -> A[i][k], t1 -> B[k][j],
#   t3 = k count, t6 = sum, v0 = cs.
bench:
        li t0, MAX_N
        cmpule a0, t0, t1
        cmoveq t1, t0, a0       # n = min(n, MAX_N)
        sll a0, 2, t2           # the length of a row in bytes
        mull t2, a0, t3         # the size of a matrix in bytes
        li t4, mats             # A
        addl t4, t3, t5         # B follows A
        mull a0, a0, t6
        addl t6, t6, t6         # t6 = 2 n n words to fill
        mov t4, t7
        li v0, SEED
        beq t6, mm_filled
mm_fill:
        sll v0, 13, t8          # x ^= x << 13
        xor v0, t8, v0
        srl v0, 17, t8          # x ^= x >> 17
        xor v0, t8, v0
        sll v0, 5, t8           # x ^= x << 5
        xor v0, t8, v0
        stw v0, 0(t7)
        addl t7, 4, t7
        subl t6, 1, t6
        bne t6, mm_fill
mm_filled:
        clr v0                  # cs = 0
        mov t4, a1              # &A[0][0]
        mov a0, a2              # rows left
        beq a2, mm_done
mm_row:
        mov t5, a4              # &B[0][0]
        mov a0, a3              # columns left
mm_col:
        mov a1, t0
        mov a4, t1
        mov a0, t3
        clr t6                  # sum = 0
mm_k:
        ldw t7, 0(t0)
        ldw t8, 0(t1)
        mull t7, t8, t7         # A[i][k] * B[k][j]
        addl t6, t7, t6
        addl t0, 4, t0
        addl t1, t2, t1
        subl t3, 1, t3
        bne t3, mm_k
        mull v0, 31, v0
        addl v0, t6, v0         # cs = cs * 31 + C[i][j]
        addl a4, 4, a4          # the next column of B
        subl a3, 1, a3
        bne a3, mm_col
        addl a1, t2, a1         # the next row of A
        subl a2, 1, a2
        bne a2, mm_row
mm_done:
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
mats:   .space 2 * MAX_N * MAX_N * 4    # A, then B

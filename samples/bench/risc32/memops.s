.isa risc32
# memops.s - benchmark: memset and memcpy, written as plain byte loops (what
# cisc32 does with `rep stosb` and `rep movsb`).
#
# Reads N from argv[1] (decimal; DEFAULT_N when absent). Two buffers of
# S = 4096 bytes: buf1 is filled with xorshift32 words (from SEED), buf2
# starts zero. Then for k = 0 .. N - 1, with v = k & 255,
# off = (k * 37) & 255 and L = S - 256:
#
#       memset(buf2, v, S)
#       memcpy(buf2 + off, buf1, L)
#       memcpy(buf1, buf2 + 1, L)
#
# and prints cs = cs * 31 + word over the words of buf1, then buf2, in
# decimal. The same algorithm as samples/bench/cisc32/memops.s and
# bench/js/memops.mjs.
#
# Run:      xlat run samples/bench/risc32/memops.s 5
# Output:   1663668126

.equ DEFAULT_N, 1200
.equ S, 4096
.equ L, S - 256
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

# bench(a0 = n): v0 = the checksum. A leaf routine: t9 = k.
bench:
        li t7, buf1
        li t6, S / 4
        li v0, SEED
mo_fill:
        sll v0, 13, t8          # x ^= x << 13
        xor v0, t8, v0
        srl v0, 17, t8          # x ^= x >> 17
        xor v0, t8, v0
        sll v0, 5, t8           # x ^= x << 5
        xor v0, t8, v0
        stw v0, 0(t7)
        addl t7, 4, t7
        subl t6, 1, t6
        bne t6, mo_fill
        clr t9                  # k
mo_round:
        cmpult t9, a0, t0
        beq t0, mo_done         # k = n: finished
        li t1, buf2             # memset(buf2, k & 255, S)
        li t2, S
mo_set:
        stb t9, 0(t1)
        addl t1, 1, t1
        subl t2, 1, t2
        bne t2, mo_set
        mull t9, 37, t0         # off = (k * 37) & 255
        and t0, 255, t0
        li t1, buf2             # memcpy(buf2 + off, buf1, L)
        addl t1, t0, t1
        li t3, buf1
        li t2, L
mo_copy1:
        ldbu t4, 0(t3)
        stb t4, 0(t1)
        addl t3, 1, t3
        addl t1, 1, t1
        subl t2, 1, t2
        bne t2, mo_copy1
        li t1, buf1             # memcpy(buf1, buf2 + 1, L)
        li t3, buf2 + 1
        li t2, L
mo_copy2:
        ldbu t4, 0(t3)
        stb t4, 0(t1)
        addl t3, 1, t3
        addl t1, 1, t1
        subl t2, 1, t2
        bne t2, mo_copy2
        addl t9, 1, t9
        br mo_round
mo_done:
        li t0, buf1             # the checksum over buf1 and buf2
        li t8, 2 * S / 4
        clr v0
mo_sum:
        ldw t1, 0(t0)
        mull v0, 31, v0
        addl v0, t1, v0         # cs = cs * 31 + word
        addl t0, 4, t0
        subl t8, 1, t8
        bne t8, mo_sum
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
buf1:   .space S
buf2:   .space S                # right after buf1

.isa risc32
# crc32.s - benchmark: table-driven CRC-32 over a buffer (byte loads, a
# table lookup per byte).
#
# Reads N from argv[1] (decimal; DEFAULT_N when absent, at most MAX_N,
# rounded down to a multiple of 4). Fills a buffer of N bytes with N / 4
# xorshift32 words (little-endian; from SEED), builds the 256-entry table of
# the reflected polynomial 0xEDB88320, computes the CRC-32 of the buffer
# (as zlib's crc32) and prints it as 8 hex digits and a newline.
# The same algorithm as samples/bench/cisc32/crc32.s and bench/js/crc32.mjs.
#
# Run:      xlat run samples/bench/risc32/crc32.s 1000
# Output:   48d5e9bd

.equ DEFAULT_N, 1000000
.equ MAX_N, 2000000
.equ SEED, 2463534242
.equ POLY, 0xEDB88320

        .text
_start:
        li s0, DEFAULT_N        # s0 = N, unless there is an argument
        ldw t0, 0(sp)           # t0 = argc
        cmplt t0, 2, t0
        bne t0, have_n
        ldw a0, 8(sp)
        call parse_uint
        mov v0, s0
have_n:
        mov s0, a0
        call bench              # v0 = the CRC
        mov v0, a0
        li a1, outbuf
        call put_hex            # 8 hex digits at outbuf
        li v0, 4                # write(1, outbuf, 9): the digits and "\n"
        li a0, 1
        li a1, outbuf
        li a2, 9
        callsys
        li v0, 1                # exit(0)
        clr a0
        callsys

# bench(a0 = n): v0 = CRC-32 of the buffer.
bench:
        li t0, MAX_N
        cmpule a0, t0, t1
        cmoveq t1, t0, a0       # n = min(n, MAX_N)
        srl a0, 2, a0           # a0 = words
        mov a0, t6
        li t7, buf
        li v0, SEED
        beq t6, crc_filled
crc_fill:
        sll v0, 13, t8          # x ^= x << 13
        xor v0, t8, v0
        srl v0, 17, t8          # x ^= x >> 17
        xor v0, t8, v0
        sll v0, 5, t8           # x ^= x << 5
        xor v0, t8, v0
        stw v0, 0(t7)
        addl t7, 4, t7
        subl t6, 1, t6
        bne t6, crc_fill
crc_filled:
        li t4, table            # the table: t5 = i
        clr t5
        li t3, POLY
crc_tbl:
        mov t5, t0              # c = i
        li t1, 8
crc_bit:
        and t0, 1, t2
        beq t2, crc_even
        srl t0, 1, t0
        xor t0, t3, t0          # c = (c >> 1) ^ POLY
        br crc_bit_next
crc_even:
        srl t0, 1, t0           # c = c >> 1
crc_bit_next:
        subl t1, 1, t1
        bne t1, crc_bit
        s4addl t5, t4, t2
        stw t0, 0(t2)           # table[i] = c
        addl t5, 1, t5
        cmpule t5, 255, t2
        bne t2, crc_tbl

        li a1, buf              # a1 -> the next byte
        sll a0, 2, a2           # a2 = bytes left
        li v0, -1               # crc = ~0
        beq a2, crc_done
crc_loop:
        ldbu t0, 0(a1)
        xor t0, v0, t0
        and t0, 255, t0         # (crc ^ byte) & 0xFF
        s4addl t0, t4, t0
        ldw t0, 0(t0)           # table[...]
        srl v0, 8, v0
        xor v0, t0, v0          # crc = table[...] ^ (crc >> 8)
        addl a1, 1, a1
        subl a2, 1, a2
        bne a2, crc_loop
crc_done:
        not v0, v0              # ~crc
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

# put_hex(a0 = n, a1 = dst): write n as 8 lower-case hex digits at dst.
put_hex:
        li t2, hexdigits
        addl a1, 8, a1          # digits are stored backwards from dst + 8
        li t3, 8
ph_digit:
        and a0, 15, t0
        addl t2, t0, t0
        ldbu t0, 0(t0)          # the digit's character
        subl a1, 1, a1
        stb t0, 0(a1)
        srl a0, 4, a0
        subl t3, 1, t3
        bne t3, ph_digit
        ret

        .data
hexdigits: .ascii "0123456789abcdef"
outbuf: .ascii "00000000\n"

        .bss
        .align 4
table:  .space 256 * 4
buf:    .space MAX_N

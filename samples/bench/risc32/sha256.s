.isa risc32
# sha256.s - benchmark: SHA-256 of a buffer (rotates, xor/and chains).
#
# Reads N from argv[1] (decimal; DEFAULT_N when absent, at most MAX_N,
# rounded down to a multiple of 4). Fills a buffer of N bytes with N / 4
# xorshift32 words (little-endian; from SEED), pads it as FIPS 180-4 says
# (0x80, zeros, the length in bits as a 64-bit big-endian number) and hashes
# it 64 bytes at a time. Prints the digest as 64 hex digits and a newline —
# what `sha256sum` prints for the same bytes. risc32 has no rotate
# instruction: a rotate right by k is srl, sll by 32 - k, bis, as a compiler
# writes it. The working variables a .. h live in registers t0 .. t7.
# The same algorithm as samples/bench/cisc32/sha256.s and
# bench/js/sha256.mjs.
#
# Run:      xlat run samples/bench/risc32/sha256.s 0
# Output:   e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855

.equ DEFAULT_N, 160000
.equ MAX_N, 1000000
.equ SEED, 2463534242

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
        call bench              # hash[0..7] = the digest
        li s1, hash             # print it: 8 words of 8 hex digits
        li s2, outbuf
        li s0, 8
print_word:
        ldw a0, 0(s1)
        mov s2, a1
        call put_hex
        addl s1, 4, s1
        addl s2, 8, s2
        subl s0, 1, s0
        bne s0, print_word
        li v0, 4                # write(1, outbuf, 65)
        li a0, 1
        li a1, outbuf
        li a2, 65
        callsys
        li v0, 1                # exit(0)
        clr a0
        callsys

# bench(a0 = n): hash the buffer into hash[0..7]. A leaf routine:
#   a1 = p, the next block; a2 = the end of the message; a0 -> hash;
#   a3 -> w[t]; a4 -> k[t]; a5 = the end of w; t0 .. t7 = a .. h;
#   t8 .. t11, v0 temporaries.
bench:
        li t0, MAX_N
        cmpule a0, t0, t1
        cmoveq t1, t0, a0       # n = min(n, MAX_N)
        srl a0, 2, a0           # a0 = words
        mov a0, t6
        li t7, buf
        li v0, SEED
        beq t6, sha_filled
sha_fill:
        sll v0, 13, t8          # x ^= x << 13
        xor v0, t8, v0
        srl v0, 17, t8          # x ^= x >> 17
        xor v0, t8, v0
        sll v0, 5, t8           # x ^= x << 5
        xor v0, t8, v0
        stw v0, 0(t7)
        addl t7, 4, t7
        subl t6, 1, t6
        bne t6, sha_fill
sha_filled:
        sll a0, 2, t0           # t0 = len, in bytes
        li t1, buf
        addl t1, t0, t2
        li t3, 0x80
        stb t3, 0(t2)           # buf[len] = 0x80 (the rest of buf is zero)
        addl t0, 8, t2
        srl t2, 6, t2
        addl t2, 1, t2
        sll t2, 6, t2           # total = ((len + 8) / 64 + 1) * 64
        addl t1, t2, a2         # the end of the padded message
        sll t0, 3, t3           # the length in bits, low word, big-endian
        stb t3, -1(a2)
        srl t3, 8, t3
        stb t3, -2(a2)
        srl t3, 8, t3
        stb t3, -3(a2)
        srl t3, 8, t3
        stb t3, -4(a2)
        srl t0, 29, t3          # the high word's low byte
        stb t3, -5(a2)
        mov t1, a1              # p = the first block
        li a0, hash

sha_block:
        li a3, w                # w[0..15] = the block's 16 big-endian words
        mov a1, t8
        addl a1, 64, t9
sha_load:
        ldbu t10, 0(t8)
        sll t10, 24, t10
        ldbu t11, 1(t8)
        sll t11, 16, t11
        bis t10, t11, t10
        ldbu t11, 2(t8)
        sll t11, 8, t11
        bis t10, t11, t10
        ldbu t11, 3(t8)
        bis t10, t11, t10
        stw t10, 0(a3)
        addl t8, 4, t8
        addl a3, 4, a3
        cmpult t8, t9, t11
        bne t11, sha_load
        lda a5, 192(a3)         # w[16..63]: a3 -> w[16], a5 -> w[64]
sha_sched:
        ldw t8, -60(a3)         # x = w[t - 15]
        srl t8, 7, t9
        sll t8, 25, t10
        bis t9, t10, t9          # ror(t8, 7)
        srl t8, 18, t10
        sll t8, 14, t11
        bis t10, t11, t10          # ror(t8, 18)
        xor t9, t10, t9
        srl t8, 3, t10
        xor t9, t10, t9         # s0 = ror(x, 7) ^ ror(x, 18) ^ (x >> 3)
        ldw t8, -8(a3)          # x = w[t - 2]
        srl t8, 17, t10
        sll t8, 15, t11
        bis t10, t11, t10          # ror(t8, 17)
        srl t8, 19, t11
        sll t8, 13, v0
        bis t11, v0, t11          # ror(t8, 19)
        xor t10, t11, t10
        srl t8, 10, t11
        xor t10, t11, t10       # s1 = ror(x, 17) ^ ror(x, 19) ^ (x >> 10)
        addl t9, t10, t9
        ldw t10, -64(a3)        # + w[t - 16]
        addl t9, t10, t9
        ldw t10, -28(a3)        # + w[t - 7]
        addl t9, t10, t9
        stw t9, 0(a3)
        addl a3, 4, a3
        cmpult a3, a5, t10
        bne t10, sha_sched
        ldw t0, 0(a0)           # a .. h = hash[0..7]
        ldw t1, 4(a0)
        ldw t2, 8(a0)
        ldw t3, 12(a0)
        ldw t4, 16(a0)
        ldw t5, 20(a0)
        ldw t6, 24(a0)
        ldw t7, 28(a0)
        li a3, w                # 64 rounds
        li a4, k
        lda a5, 256(a3)
sha_round:
        srl t4, 6, t8
        sll t4, 26, t9
        bis t8, t9, t8          # ror(t4, 6)
        srl t4, 11, t9
        sll t4, 21, t10
        bis t9, t10, t9          # ror(t4, 11)
        xor t8, t9, t8
        srl t4, 25, t9
        sll t4, 7, t10
        bis t9, t10, t9          # ror(t4, 25)
        xor t8, t9, t8          # S1 = ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)
        and t4, t5, t9          # e & f
        bic t6, t4, t10         # g & ~e
        xor t9, t10, t9         # ch
        addl t7, t8, t7         # h + S1
        addl t7, t9, t7
        ldw t9, 0(a4)
        addl t7, t9, t7         # + k[t]
        ldw t9, 0(a3)
        addl t7, t9, t7         # t7 = t1 = h + S1 + ch + k[t] + w[t]
        srl t0, 2, t8
        sll t0, 30, t9
        bis t8, t9, t8          # ror(t0, 2)
        srl t0, 13, t9
        sll t0, 19, t10
        bis t9, t10, t9          # ror(t0, 13)
        xor t8, t9, t8
        srl t0, 22, t9
        sll t0, 10, t10
        bis t9, t10, t9          # ror(t0, 22)
        xor t8, t9, t8          # S0 = ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)
        and t0, t1, t9          # a & b
        and t0, t2, t10         # a & c
        xor t9, t10, t9
        and t1, t2, t10         # b & c
        xor t9, t10, t9         # maj
        addl t8, t9, t8         # t8 = t2 = S0 + maj
        addl t7, t8, t8         # t8 = the new a = t1 + t2
        addl t3, t7, t9         # t9 = the new e = d + t1
        mov t6, t7              # h = g
        mov t5, t6              # g = f
        mov t4, t5              # f = e
        mov t9, t4              # e = d + t1
        mov t2, t3              # d = c
        mov t1, t2              # c = b
        mov t0, t1              # b = a
        mov t8, t0              # a = t1 + t2
        addl a3, 4, a3
        addl a4, 4, a4
        cmpult a3, a5, t9
        bne t9, sha_round
        ldw t8, 0(a0)           # hash[0..7] += a .. h
        addl t8, t0, t8
        stw t8, 0(a0)
        ldw t8, 4(a0)
        addl t8, t1, t8
        stw t8, 4(a0)
        ldw t8, 8(a0)
        addl t8, t2, t8
        stw t8, 8(a0)
        ldw t8, 12(a0)
        addl t8, t3, t8
        stw t8, 12(a0)
        ldw t8, 16(a0)
        addl t8, t4, t8
        stw t8, 16(a0)
        ldw t8, 20(a0)
        addl t8, t5, t8
        stw t8, 20(a0)
        ldw t8, 24(a0)
        addl t8, t6, t8
        stw t8, 24(a0)
        ldw t8, 28(a0)
        addl t8, t7, t8
        stw t8, 28(a0)
        addl a1, 64, a1         # the next block
        cmpult a1, a2, t8
        bne t8, sha_block
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
outbuf: .space 64
        .ascii "\n"
        .align 4
hash:   .word 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a
        .word 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
k:      .word 0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5
        .word 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174
        .word 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da
        .word 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967
        .word 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85
        .word 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070
        .word 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3
        .word 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2

        .bss
        .align 4
w:      .space 64 * 4
buf:    .space MAX_N + 72

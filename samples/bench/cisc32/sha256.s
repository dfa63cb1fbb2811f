.isa cisc32
; sha256.s - benchmark: SHA-256 of a buffer (rotates, xor/and chains, a
; working state that does not fit in eight registers).
;
; Reads N from argv[1] (decimal; DEFAULT_N when absent, at most MAX_N,
; rounded down to a multiple of 4). Fills a buffer of N bytes with N / 4
; xorshift32 words (little-endian; from SEED), pads it as FIPS 180-4 says
; (0x80, zeros, the length in bits as a 64-bit big-endian number) and hashes
; it 64 bytes at a time. Prints the digest as 64 hex digits and a newline —
; what `sha256sum` prints for the same bytes. The working variables a .. h
; live in memory (vars), as a compiler for an eight-register machine would
; keep them. The same algorithm as samples/bench/risc32/sha256.s and
; bench/js/sha256.mjs.
;
; Run:      xlat run samples/bench/cisc32/sha256.s 0
; Output:   e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855

.equ DEFAULT_N, 160000
.equ MAX_N, 1000000
.equ SEED, 2463534242

        .text
_start:
        mov r3, DEFAULT_N       ; r3 = N, unless there is an argument
        mov r0, [sp]            ; argc
        cmp r0, 2
        jb have_n
        mov r0, [sp + 8]
        push r0
        call parse_uint
        add sp, 4
        mov r3, r0
have_n:
        push r3
        call bench              ; hash[0..7] = the digest
        add sp, 4
        mov r6, 0               ; print it: 8 words of 8 hex digits
print_word:
        mov r0, r6
        shl r0, 3
        add r0, outbuf
        push r0                 ; dst = outbuf + 8 i
        mov r0, r6
        shl r0, 2
        mov r0, [r0 + hash]
        push r0                 ; hash[i]
        call put_hex
        add sp, 8
        inc r6
        cmp r6, 8
        jb print_word
        mov r0, 4               ; write(1, outbuf, 65)
        mov r3, 1
        mov r1, outbuf
        mov r2, 65
        syscall
        mov r0, 1               ; exit(0)
        mov r3, 0
        syscall

; bench(n): hash the buffer into hash[0..7].
;   Locals: [fp - 4] p, the next block     [fp - 8] the end of the message
bench:
        push fp
        mov fp, sp
        sub sp, 8
        push r3
        push r6
        push r7
        mov r3, [fp + 8]        ; r3 = n
        cmp r3, MAX_N
        jbe sha_n_ok
        mov r3, MAX_N
sha_n_ok:
        shr r3, 2               ; r3 = words
        mov r2, r3
        mov r7, buf
        mov r0, SEED
        test r2, r2
        je sha_filled
sha_fill:
        mov r1, r0              ; x ^= x << 13
        shl r1, 13
        xor r0, r1
        mov r1, r0              ; x ^= x >> 17
        shr r1, 17
        xor r0, r1
        mov r1, r0              ; x ^= x << 5
        shl r1, 5
        xor r0, r1
        mov [r7], r0
        add r7, 4
        dec r2
        jne sha_fill
sha_filled:
        shl r3, 2               ; r3 = len, in bytes
        mov r0, 0x80
        mov byte [r3 + buf], r0 ; buf[len] = 0x80 (the rest of buf is zero)
        mov r2, r3
        add r2, 8
        shr r2, 6
        inc r2
        shl r2, 6               ; r2 = total = ((len + 8) / 64 + 1) * 64
        add r2, buf
        mov [fp - 8], r2        ; the end of the padded message
        mov r0, r3
        shl r0, 3               ; the length in bits, low word, big-endian
        mov byte [r2 - 1], r0
        shr r0, 8
        mov byte [r2 - 2], r0
        shr r0, 8
        mov byte [r2 - 3], r0
        shr r0, 8
        mov byte [r2 - 4], r0
        mov r0, r3
        shr r0, 29              ; the high word's low byte
        mov byte [r2 - 5], r0
        mov [fp - 4], buf       ; p = the first block

sha_block:
        ; w[0..15] = the block's 16 big-endian words
        mov r6, [fp - 4]
        mov r7, w
        mov r2, 16
sha_load:
        movzx r0, byte [r6]
        shl r0, 24
        movzx r1, byte [r6 + 1]
        shl r1, 16
        or r0, r1
        movzx r1, byte [r6 + 2]
        shl r1, 8
        or r0, r1
        movzx r1, byte [r6 + 3]
        or r0, r1
        mov [r7], r0
        add r6, 4
        add r7, 4
        dec r2
        jne sha_load
        ; w[16..63]: r6 = 4 t
        mov r6, 64
sha_sched:
        mov r0, [r6 + w - 60]   ; x = w[t - 15]
        mov r1, r0
        ror r1, 7
        mov r2, r0
        ror r2, 18
        xor r1, r2
        shr r0, 3
        xor r1, r0              ; s0 = ror(x, 7) ^ ror(x, 18) ^ (x >> 3)
        mov r3, r1
        mov r0, [r6 + w - 8]    ; x = w[t - 2]
        mov r1, r0
        ror r1, 17
        mov r2, r0
        ror r2, 19
        xor r1, r2
        shr r0, 10
        xor r1, r0              ; s1 = ror(x, 17) ^ ror(x, 19) ^ (x >> 10)
        add r3, r1
        add r3, [r6 + w - 64]   ; + w[t - 16]
        add r3, [r6 + w - 28]   ; + w[t - 7]
        mov [r6 + w], r3
        add r6, 4
        cmp r6, 256
        jb sha_sched
        ; a .. h = hash[0..7]
        mov r6, 0
sha_init_vars:
        mov r0, [r6 + hash]
        mov [r6 + vars], r0
        add r6, 4
        cmp r6, 32
        jb sha_init_vars
        ; 64 rounds: r6 = 4 t, r7 -> vars: a [r7], b [r7 + 4], ..., h [r7 + 28]
        mov r6, 0
        mov r7, vars
sha_round:
        mov r0, [r7 + 16]       ; e
        mov r1, r0
        ror r1, 6
        mov r2, r0
        ror r2, 11
        xor r1, r2
        mov r2, r0
        ror r2, 25
        xor r1, r2              ; S1 = ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)
        mov r2, r0
        and r2, [r7 + 20]       ; e & f
        not r0
        and r0, [r7 + 24]       ; ~e & g
        xor r0, r2              ; ch
        add r0, r1
        add r0, [r7 + 28]       ; + h
        add r0, [r6 + k]
        add r0, [r6 + w]
        mov r3, r0              ; r3 = t1 = h + S1 + ch + k[t] + w[t]
        mov r0, [r7]            ; a
        mov r1, r0
        ror r1, 2
        mov r2, r0
        ror r2, 13
        xor r1, r2
        mov r2, r0
        ror r2, 22
        xor r1, r2              ; S0 = ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)
        mov r2, r0
        and r2, [r7 + 4]        ; a & b
        and r0, [r7 + 8]        ; a & c
        xor r2, r0
        mov r0, [r7 + 4]
        and r0, [r7 + 8]        ; b & c
        xor r2, r0              ; maj
        add r1, r2              ; r1 = t2 = S0 + maj
        mov r0, [r7 + 24]
        mov [r7 + 28], r0       ; h = g
        mov r0, [r7 + 20]
        mov [r7 + 24], r0       ; g = f
        mov r0, [r7 + 16]
        mov [r7 + 20], r0       ; f = e
        mov r0, [r7 + 12]
        add r0, r3
        mov [r7 + 16], r0       ; e = d + t1
        mov r0, [r7 + 8]
        mov [r7 + 12], r0       ; d = c
        mov r0, [r7 + 4]
        mov [r7 + 8], r0        ; c = b
        mov r0, [r7]
        mov [r7 + 4], r0        ; b = a
        add r3, r1
        mov [r7], r3            ; a = t1 + t2
        add r6, 4
        cmp r6, 256
        jb sha_round
        ; hash[0..7] += a .. h
        mov r6, 0
sha_add_vars:
        mov r0, [r6 + vars]
        add [r6 + hash], r0
        add r6, 4
        cmp r6, 32
        jb sha_add_vars
        mov r0, [fp - 4]
        add r0, 64
        mov [fp - 4], r0        ; the next block
        cmp r0, [fp - 8]
        jb sha_block

        pop r7
        pop r6
        pop r3
        mov sp, fp
        pop fp
        ret

; parse_uint(s): r0 = the value of the decimal digits at the start of s.
parse_uint:
        push fp
        mov fp, sp
        push r6
        mov r6, [fp + 8]        ; r6 -> the next character
        mov r0, 0               ; r0 = the value so far
pu_next:
        movzx r1, byte [r6]
        sub r1, '0'             ; the digit's value
        cmp r1, 9
        ja pu_done              ; not a digit (unsigned compare)
        mov r2, 10
        imul r0, r2             ; value = value * 10 + digit
        add r0, r1
        inc r6
        jmp pu_next
pu_done:
        pop r6
        pop fp
        ret

; put_hex(n, dst): write n as 8 lower-case hex digits at dst.
put_hex:
        push fp
        mov fp, sp
        push r6
        mov r0, [fp + 8]        ; r0 = n
        mov r6, [fp + 12]
        add r6, 8               ; digits are stored backwards from dst + 8
        mov r2, 8
ph_digit:
        mov r1, r0
        and r1, 15
        movzx r1, byte [r1 + hexdigits]
        dec r6
        mov byte [r6], r1
        shr r0, 4
        dec r2
        jne ph_digit
        pop r6
        pop fp
        ret

        .data
hexdigits: .ascii "0123456789abcdef"
outbuf: .space 64
        .ascii "\n"
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
w:      .space 64 * 4
vars:   .space 8 * 4
buf:    .space MAX_N + 72

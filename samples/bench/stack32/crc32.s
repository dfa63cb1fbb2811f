.isa stack32
; crc32.s - benchmark: table-driven CRC-32 over a buffer (byte loads, a
; table lookup per byte).
;
; Reads N from argv[1] (decimal; DEFAULT_N when absent, at most MAX_N,
; rounded down to a multiple of 4). Fills a buffer of N bytes with N / 4
; xorshift32 words (little-endian; from SEED), builds the 256-entry table of
; the reflected polynomial 0xEDB88320, computes the CRC-32 of the buffer
; (as zlib's crc32) and prints it as 8 hex digits and a newline.
; The same algorithm as samples/bench/cisc32/crc32.s,
; samples/bench/risc32/crc32.s and bench/js/crc32.mjs, written as javac
; would compile it: variables in locals (ldl/stl), expressions on the
; operand stack.
;
; stack32 is big-endian: a stw would lay each word out high byte first and
; the CRC would differ, so the fill stores a word a byte at a time, low byte
; first. (The table is stored and loaded as words: its order does not show.)
;
; Run:      xlat run samples/bench/stack32/crc32.s 1000
; Output:   48d5e9bd

.equ DEFAULT_N, 1000000
.equ MAX_N, 2000000
.equ SEED, 2463534242
.equ POLY, 0xEDB88320

        .text
_start:
        enter 0                 ; fp over the start words: ldl 1 = argc, ldl 3 = argv[1]
        push DEFAULT_N          ; N, unless there is an argument
        ldl 1                   ; argc
        push 2
        lt
        jnz have_n              ; no argv[1]: keep the default
        drop
        ldl 3                   ; argv[1]
        call parse_uint
        drop
        getrv                   ; N = its value
have_n:
        call bench              ; the argument: N
        drop
        push outbuf
        getrv                   ; the CRC
        call put_hex            ; 8 hex digits at outbuf
        drop
        drop
        push 9                  ; write(1, outbuf, 9): the digits and "\n"
        push outbuf
        push 1
        push 1
        syscall
        drop
        push 0                  ; exit(0)
        push 0
        push 0
        push 60
        syscall

; bench(n): rv = CRC-32 of the buffer.
;   Locals: ldl -1 = words              ldl -2 = x, then crc
;           ldl -3 = p, the next byte   ldl -4 = words left, i, bytes left
;           ldl -5 = c                  ldl -6 = bits left
bench:
        enter 6
        ldl 2                   ; n
        dup
        push MAX_N
        leu
        jnz crc_n_ok
        drop
        push MAX_N
crc_n_ok:
        push 2
        shr
        dup
        stl -1                  ; words = min(n, MAX_N) / 4
        stl -4                  ; words left
        push buf
        stl -3                  ; p = buf
        push SEED
        stl -2                  ; x = SEED
        ldl -4
        jz crc_filled
crc_fill:
        ldl -2                  ; x ^= x << 13
        dup
        push 13
        shl
        xor
        dup                     ; x ^= x >> 17
        push 17
        shr
        xor
        dup                     ; x ^= x << 5
        push 5
        shl
        xor
        stl -2
        ldl -2
        ldl -3
        stb                     ; p[0] = x
        ldl -2
        push 8
        shr
        ldl -3
        push 1
        add
        stb                     ; p[1] = x >> 8
        ldl -2
        push 16
        shr
        ldl -3
        push 2
        add
        stb                     ; p[2] = x >> 16
        ldl -2
        push 24
        shr
        ldl -3
        push 3
        add
        stb                     ; p[3] = x >> 24
        ldl -3
        push 4
        add
        stl -3                  ; p += 4
        ldl -4
        push 1
        sub
        dup
        stl -4
        jnz crc_fill
crc_filled:
        push 0                  ; the table
        stl -4                  ; i = 0
crc_tbl:
        ldl -4
        stl -5                  ; c = i
        push 8
        stl -6
crc_bit:
        ldl -5
        push 1
        and
        jz crc_even
        ldl -5
        push 1
        shr
        push POLY
        xor
        stl -5                  ; c = (c >> 1) ^ POLY
        jmp crc_bit_next
crc_even:
        ldl -5
        push 1
        shr
        stl -5                  ; c = c >> 1
crc_bit_next:
        ldl -6
        push 1
        sub
        dup
        stl -6
        jnz crc_bit
        ldl -5
        ldl -4
        push 2
        shl
        push table
        add
        stw                     ; table[i] = c
        ldl -4
        push 1
        add
        dup
        stl -4                  ; i++
        push 256
        ltu
        jnz crc_tbl

        push buf
        stl -3                  ; p -> the next byte
        ldl -1
        push 2
        shl
        stl -4                  ; bytes left
        push -1
        stl -2                  ; crc = ~0
        ldl -4
        jz crc_done
crc_loop:
        ldl -3
        ldb
        ldl -2
        xor
        push 255
        and                     ; (crc ^ byte) & 0xFF
        push 2
        shl
        push table
        add
        ldw
        ldl -2
        push 8
        shr
        xor
        stl -2                  ; crc = table[...] ^ (crc >> 8)
        ldl -3
        push 1
        add
        stl -3                  ; p++
        ldl -4
        push 1
        sub
        dup
        stl -4
        jnz crc_loop
crc_done:
        ldl -2
        not                     ; ~crc
        setrv
        leave
        ret

; parse_uint(s): rv = the value of the decimal digits at the start of s.
;   Locals: ldl -1 = the value so far; s (ldl 2) moves along the string.
parse_uint:
        enter 1
        push 0
        stl -1                  ; value = 0
pu_next:
        ldl 2
        ldb                     ; the character
        push '0'
        sub                     ; the digit's value
        dup
        push 9
        leu
        jz pu_done              ; not a digit (unsigned compare)
        ldl -1
        push 10
        mul
        add
        stl -1                  ; value = value * 10 + digit
        ldl 2
        push 1
        add
        stl 2                   ; s++
        jmp pu_next
pu_done:
        drop                    ; the non-digit
        ldl -1
        setrv
        leave
        ret

; put_hex(n, dst): write n as 8 lower-case hex digits at dst.
;   Locals: ldl -1 = p, where the next digit goes (stored backwards from
;   dst + 8), ldl -2 = digits left; n (ldl 2) is shifted down.
put_hex:
        enter 2
        ldl 3                   ; dst
        push 8
        add
        stl -1                  ; p = dst + 8
        push 8
        stl -2
ph_digit:
        ldl -1
        push 1
        sub
        stl -1                  ; p--
        ldl 2
        push 15
        and
        push hexdigits
        add
        ldb
        ldl -1
        stb                     ; *p = hexdigits[n & 15]
        ldl 2
        push 4
        shr
        stl 2                   ; n >>= 4
        ldl -2
        push 1
        sub
        dup
        stl -2
        jnz ph_digit
        leave
        ret

        .data
hexdigits: .ascii "0123456789abcdef"
outbuf: .ascii "00000000\n"

        .bss
table:  .space 256 * 4
buf:    .space MAX_N

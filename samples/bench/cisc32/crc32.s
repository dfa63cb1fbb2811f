.isa cisc32
; crc32.s - benchmark: table-driven CRC-32 over a buffer (byte loads, a
; table lookup per byte).
;
; Reads N from argv[1] (decimal; DEFAULT_N when absent, at most MAX_N,
; rounded down to a multiple of 4). Fills a buffer of N bytes with N / 4
; xorshift32 words (little-endian; from SEED), builds the 256-entry table of
; the reflected polynomial 0xEDB88320, computes the CRC-32 of the buffer
; (as zlib's crc32) and prints it as 8 hex digits and a newline.
; The same algorithm as samples/bench/risc32/crc32.s and bench/js/crc32.mjs.
;
; Run:      xlat run samples/bench/cisc32/crc32.s 1000
; Output:   48d5e9bd

.equ DEFAULT_N, 1000000
.equ MAX_N, 2000000
.equ SEED, 2463534242
.equ POLY, 0xEDB88320

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
        call bench              ; r0 = the CRC
        add sp, 4
        push outbuf
        push r0
        call put_hex            ; 8 hex digits at outbuf
        add sp, 8
        mov r0, 4               ; write(1, outbuf, 9): the digits and "\n"
        mov r3, 1
        mov r1, outbuf
        mov r2, 9
        syscall
        mov r0, 1               ; exit(0)
        mov r3, 0
        syscall

; bench(n): r0 = CRC-32 of the buffer.
bench:
        push fp
        mov fp, sp
        push r3
        push r6
        push r7
        mov r3, [fp + 8]        ; r3 = n
        cmp r3, MAX_N
        jbe crc_n_ok
        mov r3, MAX_N
crc_n_ok:
        shr r3, 2               ; r3 = words
        mov r2, r3
        mov r7, buf
        mov r0, SEED
        test r2, r2
        je crc_filled
crc_fill:
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
        jne crc_fill
crc_filled:
        mov r6, 0               ; the table: r6 = i
crc_tbl:
        mov r0, r6              ; c = i
        mov r1, 8
crc_bit:
        test r0, 1
        je crc_even
        shr r0, 1
        xor r0, POLY            ; c = (c >> 1) ^ POLY
        jmp crc_bit_next
crc_even:
        shr r0, 1               ; c = c >> 1
crc_bit_next:
        loop crc_bit
        mov r1, r6
        shl r1, 2
        mov [r1 + table], r0    ; table[i] = c
        inc r6
        cmp r6, 256
        jb crc_tbl

        mov r6, buf             ; r6 -> the next byte
        mov r2, r3
        shl r2, 2               ; r2 = bytes left
        mov r0, 0xFFFFFFFF      ; crc = ~0
        test r2, r2
        je crc_done
crc_loop:
        movzx r1, byte [r6]
        xor r1, r0
        and r1, 255             ; (crc ^ byte) & 0xFF
        shl r1, 2
        shr r0, 8
        xor r0, [r1 + table]    ; crc = table[...] ^ (crc >> 8)
        inc r6
        dec r2
        jne crc_loop
crc_done:
        not r0                  ; ~crc
        pop r7
        pop r6
        pop r3
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
outbuf: .ascii "00000000\n"

        .bss
table:  .space 256 * 4
buf:    .space MAX_N

.isa cisc32
; memops.s - benchmark: memset and memcpy through `rep stosb` and
; `rep movsb` (each byte counts as one guest instruction).
;
; Reads N from argv[1] (decimal; DEFAULT_N when absent). Two buffers of
; S = 4096 bytes: buf1 is filled with xorshift32 words (from SEED), buf2
; starts zero. Then for k = 0 .. N - 1, with v = k & 255,
; off = (k * 37) & 255 and L = S - 256:
;
;       memset(buf2, v, S)              rep stosb
;       memcpy(buf2 + off, buf1, L)     rep movsb
;       memcpy(buf1, buf2 + 1, L)       rep movsb
;
; and prints cs = cs * 31 + word over the words of buf1, then buf2, in
; decimal. The same algorithm as samples/bench/risc32/memops.s (byte loops)
; and bench/js/memops.mjs.
;
; Run:      xlat run samples/bench/cisc32/memops.s 5
; Output:   1663668126

.equ DEFAULT_N, 1200
.equ S, 4096
.equ L, S - 256
.equ SEED, 2463534242
.equ NUMBUF_SIZE, 12

        .text
_start:
        mov r3, DEFAULT_N       ; r3 = N, unless there is an argument
        mov r0, [sp]            ; argc
        cmp r0, 2
        jb have_n               ; no argv[1]: keep the default
        mov r0, [sp + 8]
        push r0
        call parse_uint         ; r0 = the value of argv[1]
        add sp, 4
        mov r3, r0
have_n:
        push r3
        call bench              ; r0 = the checksum
        add sp, 4
        push r0
        call print_uint
        add sp, 4
        mov r0, 1               ; exit(0)
        mov r3, 0
        syscall

; bench(n): r0 = the checksum. r3 = k.
bench:
        push fp
        mov fp, sp
        push r3
        push r6
        push r7
        mov r7, buf1
        mov r2, S / 4
        mov r0, SEED
mo_fill:
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
        jne mo_fill
        mov r3, 0               ; k
mo_round:
        cmp r3, [fp + 8]
        jae mo_done             ; k = n: finished
        mov r0, r3              ; memset(buf2, k & 255, S)
        mov r7, buf2
        mov r1, S
        rep stosb
        mov r0, r3              ; off = (k * 37) & 255
        mov r1, 37
        imul r0, r1
        and r0, 255
        lea r7, [r0 + buf2]     ; memcpy(buf2 + off, buf1, L)
        mov r6, buf1
        mov r1, L
        rep movsb
        mov r7, buf1            ; memcpy(buf1, buf2 + 1, L)
        mov r6, buf2 + 1
        mov r1, L
        rep movsb
        inc r3
        jmp mo_round
mo_done:
        mov r6, buf1            ; the checksum over buf1 and buf2
        mov r2, 2 * S / 4
        mov r1, 31
        mov r0, 0
mo_sum:
        imul r0, r1
        add r0, [r6]            ; cs = cs * 31 + word
        add r6, 4
        dec r2
        jne mo_sum
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

; print_uint(n): print n as an unsigned decimal number and a newline.
print_uint:
        push fp
        mov fp, sp
        push r3
        push r6
        mov r0, [fp + 8]        ; r0 = n
        mov r6, numbuf + NUMBUF_SIZE ; digits are stored backwards from the end
        dec r6
        mov r1, '\n'
        mov byte [r6], r1
        mov r2, 10
pr_digit:
        mov r1, r0
        remu r1, r2             ; r1 = n % 10
        add r1, '0'
        dec r6
        mov byte [r6], r1
        divu r0, r2             ; n = n / 10
        test r0, r0
        jne pr_digit
        mov r0, 4               ; write(1, r6, end - r6)
        mov r3, 1
        mov r1, r6
        mov r2, numbuf + NUMBUF_SIZE
        sub r2, r6
        syscall
        pop r6
        pop r3
        pop fp
        ret

        .bss
numbuf: .space NUMBUF_SIZE
        .align 4
buf1:   .space S
buf2:   .space S                ; right after buf1

.isa cisc32
; bignum.s - benchmark: multi-word arithmetic through carry and borrow
; chains (adc / sbb, with lea and loop, which leave the flags alone).
;
; Reads N from argv[1] (decimal; DEFAULT_N when absent). A, B and C are
; W-word numbers (W = 64: 2048 bits, least significant word first) filled
; from xorshift32 (from SEED; A, then B, then C). Then N times:
;
;       A = A + B;  B = B + A;  C = C - A       (modulo 2^2048)
;
; and prints cs = cs * 31 + word over the words of A, B and C, in decimal.
; The same algorithm as samples/bench/risc32/bignum.s and
; bench/js/bignum.mjs.
;
; Run:      xlat run samples/bench/cisc32/bignum.s 5
; Output:   533092659

.equ DEFAULT_N, 13000
.equ W, 64
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

; bench(n): r0 = the checksum. r3 counts the rounds left.
bench:
        push fp
        mov fp, sp
        push r3
        push r6
        push r7
        mov r7, num_a           ; A, B and C are consecutive
        mov r2, 3 * W
        mov r0, SEED
bn_fill:
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
        jne bn_fill
        mov r3, [fp + 8]        ; rounds
        test r3, r3
        je bn_done
bn_round:
        xor r2, r2              ; r2 = the byte offset of the word, c = 0
        mov r1, W
bn_add_ab:                      ; A = A + B
        mov r0, [r2 + num_b]
        adc [r2 + num_a], r0
        lea r2, [r2 + 4]
        loop bn_add_ab
        xor r2, r2
        mov r1, W
bn_add_ba:                      ; B = B + A
        mov r0, [r2 + num_a]
        adc [r2 + num_b], r0
        lea r2, [r2 + 4]
        loop bn_add_ba
        xor r2, r2
        mov r1, W
bn_sub_ca:                      ; C = C - A
        mov r0, [r2 + num_a]
        sbb [r2 + num_c], r0
        lea r2, [r2 + 4]
        loop bn_sub_ca
        dec r3
        jne bn_round
bn_done:
        mov r6, num_a           ; the checksum over A, B, C
        mov r2, 3 * W
        mov r1, 31
        mov r0, 0
bn_sum:
        imul r0, r1
        add r0, [r6]            ; cs = cs * 31 + word
        add r6, 4
        dec r2
        jne bn_sum
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
num_a:  .space W * 4
num_b:  .space W * 4
num_c:  .space W * 4

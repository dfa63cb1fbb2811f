.isa cisc32
; matmul.s - benchmark: integer matrix multiply (imul with a memory operand,
; strided loads).
;
; Reads N from argv[1] (decimal; DEFAULT_N when absent, at most MAX_N).
; A and B are N x N matrices of 32-bit words filled row by row from one
; xorshift32 stream (x ^= x << 13; x ^= x >> 17; x ^= x << 5, from SEED),
; A first. C = A x B modulo 2^32 is not stored: each element, in row order,
; goes into the checksum cs = cs * 31 + C[i][j], printed in decimal.
; The same algorithm as samples/bench/risc32/matmul.s and
; bench/js/matmul.mjs.
;
; Run:      xlat run samples/bench/cisc32/matmul.s 5
; Output:   1814687428

.equ DEFAULT_N, 120
.equ MAX_N, 160
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

; bench(n): r0 = the checksum of A x B.
;   Locals: [fp - 4]  arow = &A[i][0]      [fp - 8]  bcol = &B[0][j]
;           [fp - 12] rows left            [fp - 16] columns left
;           [fp - 20] cs                   [fp - 24] n
;           [fp - 28] n * 4 (a row)        [fp - 32] B = &B[0][0]
bench:
        push fp
        mov fp, sp
        sub sp, 32
        push r3
        push r6
        push r7
        mov r0, [fp + 8]        ; r0 = n
        cmp r0, MAX_N
        jbe mm_n_ok
        mov r0, MAX_N
mm_n_ok:
        mov [fp - 24], r0
        mov r1, r0
        shl r1, 2
        mov [fp - 28], r1       ; the length of a row in bytes
        imul r1, r0             ; the size of a matrix in bytes
        add r1, mats
        mov [fp - 32], r1       ; B follows A
        mov r2, r0
        imul r2, r0
        add r2, r2              ; r2 = 2 n n words to fill
        mov r7, mats
        mov r0, SEED
        test r2, r2
        je mm_filled
mm_fill:
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
        jne mm_fill
mm_filled:
        mov [fp - 20], 0        ; cs = 0
        mov [fp - 4], mats      ; arow = &A[0][0]
        mov r0, [fp - 24]
        mov [fp - 12], r0       ; rows left = n
        test r0, r0
        je mm_done
mm_row:
        mov r0, [fp - 32]
        mov [fp - 8], r0        ; bcol = &B[0][0]
        mov r0, [fp - 24]
        mov [fp - 16], r0       ; columns left = n
mm_col:
        mov r6, [fp - 4]        ; r6 -> A[i][k]
        mov r7, [fp - 8]        ; r7 -> B[k][j]
        mov r1, [fp - 24]       ; r1 = k count
        mov r3, [fp - 28]       ; r3 = the stride of B's column
        mov r2, 0               ; r2 = sum
mm_k:
        mov r0, [r6]
        imul r0, [r7]           ; A[i][k] * B[k][j]
        add r2, r0
        add r6, 4
        add r7, r3
        loop mm_k
        mov r0, [fp - 20]
        mov r1, 31
        imul r0, r1
        add r0, r2
        mov [fp - 20], r0       ; cs = cs * 31 + C[i][j]
        add [fp - 8], 4         ; the next column of B
        sub [fp - 16], 1
        jne mm_col
        mov r0, [fp - 28]
        add [fp - 4], r0        ; the next row of A
        sub [fp - 12], 1
        jne mm_row
mm_done:
        mov r0, [fp - 20]
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
mats:   .space 2 * MAX_N * MAX_N * 4    ; A, then B

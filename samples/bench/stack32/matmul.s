.isa stack32
; matmul.s - benchmark: integer matrix multiply (mul, strided loads).
;
; Reads N from argv[1] (decimal; DEFAULT_N when absent, at most MAX_N).
; A and B are N x N matrices of 32-bit words filled row by row from one
; xorshift32 stream (x ^= x << 13; x ^= x >> 17; x ^= x << 5, from SEED),
; A first. C = A x B modulo 2^32 is not stored: each element, in row order,
; goes into the checksum cs = cs * 31 + C[i][j], printed in decimal.
; The same algorithm as samples/bench/cisc32/matmul.s,
; samples/bench/risc32/matmul.s and bench/js/matmul.mjs, written as javac
; would compile it: variables in locals (ldl/stl), expressions on the
; operand stack.
;
; Run:      xlat run samples/bench/stack32/matmul.s 5
; Output:   1814687428

.equ DEFAULT_N, 120
.equ MAX_N, 160
.equ SEED, 2463534242
.equ NUMBUF_SIZE, 12

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
        getrv                   ; the checksum
        call print_uint
        drop
        push 0                  ; exit(0)
        push 0
        push 0
        push 60
        syscall

; bench(n): rv = the checksum of A x B.
;   Locals: ldl -1  arow = &A[i][0]      ldl -2  bcol = &B[0][j]
;           ldl -3  rows left            ldl -4  columns left
;           ldl -5  cs                   ldl -6  n
;           ldl -7  n * 4 (a row)        ldl -8  B = &B[0][0]
;           ldl -9  pa -> A[i][k]        ldl -10 pb -> B[k][j]
;           ldl -11 sum                  ldl -12 k left
;   While filling: ldl -9 = p, ldl -10 = x, ldl -12 = words left.
bench:
        enter 12
        ldl 2                   ; n
        dup
        push MAX_N
        leu
        jnz mm_n_ok
        drop
        push MAX_N
mm_n_ok:
        stl -6                  ; n = min(n, MAX_N)
        ldl -6
        push 2
        shl
        stl -7                  ; the length of a row in bytes
        ldl -7
        ldl -6
        mul                     ; the size of a matrix in bytes
        push mats
        add
        stl -8                  ; B follows A
        ldl -6
        dup
        mul
        dup
        add
        stl -12                 ; 2 n n words to fill
        push mats
        stl -9                  ; p = mats
        push SEED
        stl -10                 ; x = SEED
        ldl -12
        jz mm_filled
mm_fill:
        ldl -10                 ; x ^= x << 13
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
        dup
        stl -10
        ldl -9
        stw                     ; *p = x
        ldl -9
        push 4
        add
        stl -9                  ; p++
        ldl -12
        push 1
        sub
        dup
        stl -12
        jnz mm_fill
mm_filled:
        push 0
        stl -5                  ; cs = 0
        push mats
        stl -1                  ; arow = &A[0][0]
        ldl -6
        dup
        stl -3                  ; rows left = n
        jz mm_done
mm_row:
        ldl -8
        stl -2                  ; bcol = &B[0][0]
        ldl -6
        stl -4                  ; columns left = n
mm_col:
        ldl -1
        stl -9                  ; pa -> A[i][0]
        ldl -2
        stl -10                 ; pb -> B[0][j]
        ldl -6
        stl -12                 ; k count
        push 0
        stl -11                 ; sum = 0
mm_k:
        ldl -9
        ldw
        ldl -10
        ldw
        mul                     ; A[i][k] * B[k][j]
        ldl -11
        add
        stl -11                 ; sum += it
        ldl -9
        push 4
        add
        stl -9                  ; the next column of A
        ldl -10
        ldl -7
        add
        stl -10                 ; the next row of B
        ldl -12
        push 1
        sub
        dup
        stl -12
        jnz mm_k
        ldl -5
        push 31
        mul
        ldl -11
        add
        stl -5                  ; cs = cs * 31 + C[i][j]
        ldl -2
        push 4
        add
        stl -2                  ; the next column of B
        ldl -4
        push 1
        sub
        dup
        stl -4
        jnz mm_col
        ldl -1
        ldl -7
        add
        stl -1                  ; the next row of A
        ldl -3
        push 1
        sub
        dup
        stl -3
        jnz mm_row
mm_done:
        ldl -5
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

; print_uint(n): print n as an unsigned decimal number and a newline.
;   Locals: ldl -1 = p, where the next digit goes (digits are stored
;   backwards from the end of numbuf); n (ldl 2) is divided down to 0.
print_uint:
        enter 1
        push numbuf + NUMBUF_SIZE - 1
        stl -1
        push '\n'
        ldl -1
        stb                     ; *p = '\n'
pr_digit:
        ldl -1
        push 1
        sub
        stl -1                  ; p--
        ldl 2
        push 10
        remu
        push '0'
        add
        ldl -1
        stb                     ; *p = '0' + n % 10
        ldl 2
        push 10
        divu
        dup
        stl 2                   ; n = n / 10
        jnz pr_digit
        push numbuf + NUMBUF_SIZE
        ldl -1
        sub                     ; a3: the number of characters
        ldl -1                  ; a2: buf = p
        push 1                  ; a1: fd 1
        push 1                  ; nr: 1 = write
        syscall
        drop
        leave
        ret

        .bss
numbuf: .space NUMBUF_SIZE
mats:   .space 2 * MAX_N * MAX_N * 4    ; A, then B
